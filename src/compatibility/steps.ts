/**
 * A recursive algorithm written as a generator: instead of calling itself it `yield`s the
 * sub-call (another generator) and receives that call's result as the value of the `yield`.
 *
 * Schemas nest as deep as their authors like, and a self-similar 5,000-level schema would blow
 * V8's native stack long before it exhausts memory. Running the generators from an explicit heap
 * stack keeps every walk over a schema (parse, print, normalize, diff) independent of depth while
 * the algorithms still read like the recursive definitions they come from.
 */
export type Step<R> = Generator<Step<unknown>, R, unknown>;

/**
 * Runs `root` to completion. Never use `yield*` inside a step: delegation resumes through every
 * delegating frame natively and would bring the depth problem back.
 */
export function runSteps<R>(root: Step<R>): R {
  const stack: Step<unknown>[] = [root];
  let input: unknown = undefined;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const next = top.next(input);
    if (next.done) {
      stack.pop();
      input = next.value;
    } else {
      stack.push(next.value);
      input = undefined;
    }
  }
  return input as R;
}
