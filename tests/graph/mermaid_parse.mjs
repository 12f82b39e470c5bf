// Parse Mermaid diagrams with the real `mermaid` package (its flowchart grammar), offline.
//   node tests/graph/mermaid_parse.mjs < diagrams.json   ->   [{"ok": true, "type": "flowchart-v2"}, ...]
// @mermaid-js/parser has no flowchart grammar (only info, packet, pie, gitGraph, ...), so
// mermaid.parse() runs under jsdom, which gives DOMPurify the window it needs.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const require = createRequire(path.join(root, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const entry = path.join(root, "node_modules", "mermaid", "dist", "mermaid.core.mjs");
const mermaid = (await import(pathToFileURL(entry).href)).default;
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

const diagrams = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const text of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (error) {
    results.push({ ok: false, error: String(error && error.message ? error.message : error) });
  }
}
process.stdout.write(JSON.stringify(results));
