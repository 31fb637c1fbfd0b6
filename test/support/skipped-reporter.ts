// Lists every skipped test by its full name at the end of a run, so that a skip is visible with
// its reason (the tests that need PostgreSQL say so in their names) instead of hiding in a count.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (test.result().state === 'skipped') skipped.push(`${relative(process.cwd(), module.moduleId)} > ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    console.log(`\nSkipped on this database (${skipped.length}), each naming why:\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
  }
}
