// `npm run lint:runbooks [files or folders...]` (default: runbooks/). Prints one
// `file:line: message` per problem and a summary; exits 1 when there is any error, 2 when the
// targets or the configuration are unusable, 0 otherwise (warnings do not fail).
import { ConfigError } from "../lib/config";
import {
  collectRunbookFiles,
  formatProblem,
  formatSummary,
  LintTargetError,
  lintRunbookFiles,
} from "../lib/runbooks/lint";

function main(argv: string[]): number {
  const targets = argv.length > 0 ? argv : ["runbooks"];
  try {
    const files = collectRunbookFiles(targets);
    const result = lintRunbookFiles(files);
    for (const problem of result.problems) console.log(formatProblem(problem));
    console.log(formatSummary(result));
    return result.errors > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof LintTargetError || error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
