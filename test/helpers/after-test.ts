/**
 * Clean-ups a helper schedules (a temporary folder, a server): made inside a test, they run after that
 * test; made in a beforeAll, after the file's last test, so a file's shared folder lives as long as the
 * file. The setup file runs them for every file: a hook registered by a helper module itself would run
 * only in the first file that loaded it, since test files share modules (vitest `isolate: false`).
 */
type CleanUp = () => Promise<void>;

const afterTest: CleanUp[] = [];
const afterFile: CleanUp[] = [];
// Set by the setup file around each test (vitest's own test state carries over from file to file).
let inTest = false;

export function cleanUpLater(cleanUp: CleanUp): void {
  (inTest ? afterTest : afterFile).push(cleanUp);
}

/** Runs what is pending, newest first (a server before the folder it served). */
async function drain(pending: CleanUp[]): Promise<void> {
  for (const cleanUp of pending.splice(0).reverse()) await cleanUp();
}

export function testStarts(): void {
  inTest = true;
}

export function runAfterTest(): Promise<void> {
  inTest = false;
  return drain(afterTest);
}

export const runAfterFile = () => drain(afterFile);
