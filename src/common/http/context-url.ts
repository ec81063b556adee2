/**
 * Confluent's context URLs (`/contexts/{ctx}/subjects/...`, `/contexts/{ctx}/config`, ...) as the
 * plain routes with a qualified subject, the way Confluent's ContextFilter rewrites them.
 * `/contexts` and `DELETE /contexts/{ctx}` are routes of their own and pass through.
 */
export function rewriteContextUrl(url: string): string {
  if (!url.startsWith('/contexts/')) return url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let query = q < 0 ? '' : url.slice(q + 1);
  const parts = path.split('/'); // ['', 'contexts', ctx, rest...]
  if (parts.length < 4 || !parts[3]) return url;
  const ctx = decodeSafe(parts[2]);
  const context = ctx.startsWith('.') ? ctx : `.${ctx}`;
  const prefix = encodeURIComponent(`:${context}:`);
  const rest = parts.slice(3);
  const addQuery = (k: string, v: string) => {
    query = query ? `${query}&${k}=${encodeURIComponent(v)}` : `${k}=${encodeURIComponent(v)}`;
  };
  let out: string[];
  switch (rest[0]) {
    case 'subjects':
      if (rest.length === 1 || rest[1] === '') {
        out = ['subjects'];
        addQuery('subjectPrefix', `:${context}:`);
      } else {
        out = ['subjects', prefix + rest[1], ...rest.slice(2)];
      }
      break;
    case 'config':
    case 'mode':
      out = [rest[0], prefix + (rest[1] ?? ''), ...rest.slice(2)];
      break;
    case 'compatibility':
      if (rest[1] === 'subjects' && rest[2]) out = ['compatibility', 'subjects', prefix + rest[2], ...rest.slice(3)];
      else return url;
      break;
    case 'schemas':
      out = rest;
      addQuery('subject', `:${context}:`);
      break;
    default:
      return url;
  }
  return `/${out.join('/')}${query ? `?${query}` : ''}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
