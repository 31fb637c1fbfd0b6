// Runs once before all test files. Filled in by the database test support.
export default async function setup(): Promise<void> {}
