/** Paths of the UI's pages (relative to the router's /ui basename), built in one place. */
export const links = {
  subject: (subject: string, params: Record<string, string | number | undefined> = {}) => withQuery(`/subjects/${encodeURIComponent(subject)}`, params),
  playground: (subject?: string) => withQuery('/playground', { subject }),
  topic: (name: string, tab?: string) => withQuery(`/topics/${encodeURIComponent(name)}`, { tab }),
  domain: (name: string) => `/domains/${encodeURIComponent(name)}`,
  team: (name: string) => `/teams/${encodeURIComponent(name)}`,
  application: (name: string) => `/applications/${encodeURIComponent(name)}`,
  event: (name: string) => `/events/${encodeURIComponent(name)}`,
  search: (q: string) => withQuery('/search', { q }),
  lineage: (params: { domain?: string; team?: string } = {}) => withQuery('/lineage', params),
};

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
