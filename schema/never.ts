/** The default branch of a switch over a closed union: a new member breaks the build where it is not handled. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
