/**
 * A recursive walk written as a generator: it `yield`s each sub-walk (another generator) and
 * receives the sub-walk's result as the value of the `yield`. {@link runSteps} keeps the
 * chain of walks on a heap array, so schema depth never reaches V8's native stack.
 *
 * (avro/trampoline.ts has the same helper; both belong in src/compatibility/ once shared.)
 */
export type Step<R> = Generator<Step<unknown>, R, unknown>;

/** Runs `root` to completion. Never `yield*` inside a step: delegation recurses natively. */
export function runSteps<R>(root: Step<R>): R {
  const stack: Step<unknown>[] = [root];
  let input: unknown;
  while (stack.length > 0) {
    const next = (stack[stack.length - 1] as Step<unknown>).next(input);
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
