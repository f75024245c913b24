#!/usr/bin/env bash
# npm test: type checks (both tsconfigs), lint, unit tests (vitest), then the renderer build and the
# e2e suite (Playwright + Chromium). Every stage runs even if an earlier one failed; the last line
# is "N passed, N failed" summed over all of them (a type check or lint run counts as one check).
set -u
cd "$(dirname "$0")/.."
out=tests/output
mkdir -p "$out"
passed=0 failed=0 skipped=0

check() { # name, command...
  local name=$1; shift
  echo "── $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "✗ $name failed"; fi
}

check "typecheck (node: shared, electron, tests)" npx tsc --noEmit -p tsconfig.json
check "typecheck (renderer)" npx tsc --noEmit -p tsconfig.renderer.json
check "typecheck (renderer unit tests)" npx tsc --noEmit -p tsconfig.renderer-tests.json
check "lint (eslint, import zones)" npx eslint .

echo "── unit tests (vitest)"
rm -f "$out/vitest.json"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json"
vitest_rc=$?
if [ -f "$out/vitest.json" ]; then
  read -r p f s < <(node -e "const r=require('./$out/vitest.json');console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  # A suite that failed to load has no failed test but a failed run.
  if [ "$vitest_rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "✗ vitest exited $vitest_rc"; fi
else
  failed=$((failed + 1)); echo "✗ vitest produced no report"
fi

echo "── e2e tests (Playwright, Chromium)"
rm -f "$out/playwright.json"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json
pw_rc=$?
if [ -f "$out/playwright.json" ]; then
  read -r p f s < <(node -e "const r=require('./$out/playwright.json').stats;console.log(r.expected + r.flaky, r.unexpected, r.skipped)")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$pw_rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "✗ playwright exited $pw_rc"; fi
else
  failed=$((failed + 1)); echo "✗ playwright produced no report"
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
