// Validate state machine definitions with the npm asl-validator library (not its CLI: its
// --no-path-check flag does nothing). Reads {"name": definition, ...} on stdin and writes
// {"name": {"isValid": bool, "errors": [...]}, ...}.
// Options replace the defaults entirely, so checkArn is passed too; paths are not checked
// because asl-validator rejects the multi-key form $['a','b'] that AWS accepts (TOOLCHAIN.md).
// The validator mutates its input, so each definition is validated as a copy.
"use strict";
const path = require("path");
const validator = require(path.join(__dirname, "..", "..", "node_modules", "asl-validator"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const definitions = JSON.parse(input);
  const results = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const { isValid, errors } = validator(structuredClone(definition), { checkPaths: false, checkArn: true });
    results[name] = { isValid, errors: errors.map((e) => e.message || JSON.stringify(e)) };
  }
  process.stdout.write(JSON.stringify(results));
});
