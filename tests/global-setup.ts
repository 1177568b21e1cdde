// Runs once per `vitest run`: builds the shared test orgs (see tests/helpers/org.ts).
export default async function setup(): Promise<void> {}
