#!/usr/bin/env node
// Validates the protocol contract with the official AsyncAPI parser (@asyncapi/parser, pinned in
// package.json). Prints every diagnostic; exits 1 if any has severity 0 (error) or the document
// cannot be parsed. Two checks the parser does not make also count as errors:
//   * a payload schema the engine's conformance test looks up by name is missing from
//     components/schemas, or does not compile as a JSON Schema (draft-07, refs within
//     components/schemas, exactly as the Java test will load it);
//   * a message example does not validate against its message's payload schema.
// Usage: node validate.mjs [path/to/asyncapi.yaml]   (default: ../../docs/asyncapi.yaml)
//
// Works offline: the contract uses local $refs only, and the parser carries the AsyncAPI spec
// schemas in node_modules.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';
import yaml from 'js-yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'docs', 'asyncapi.yaml'));

// components/schemas names that code outside this document depends on (see docs/protocol.md).
const REQUIRED_SCHEMAS = [
  'SessionMessage', 'IdleSessionMessage', 'CueMessage', 'ProgressMessage', 'AlertMessage',
  'DeviceEvent', 'DeviceAck', 'DeviceStatus', 'EngineStatus', 'Ping', 'Pong',
];

const SEVERITY = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

function where(d) {
  const line = d.range?.start ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '?';
  const at = Array.isArray(d.path) && d.path.length > 0 ? ` at ${d.path.join('.')}` : '';
  return `${path.relative(process.cwd(), d.source ?? file) || file}:${line}${at}`;
}

async function main() {
  if (!existsSync(file)) {
    console.error(`asyncapi: no such file: ${file}`);
    return 2;
  }
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, file).parse();

  const sorted = [...diagnostics].sort((a, b) => a.severity - b.severity);
  for (const d of sorted) {
    console.log(`${SEVERITY[d.severity] ?? d.severity} ${d.code}: ${d.message} (${where(d)})`);
  }
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length;
  const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length;

  const own = document ? contractChecks(yaml.load(readFileSync(file, 'utf8'))) : [];
  for (const message of own) {
    console.log(`error ${message}`);
  }

  if (!document || errors > 0 || own.length > 0) {
    console.log(`asyncapi: INVALID ${path.relative(process.cwd(), file)}: ${errors + own.length} error(s), ${warnings} warning(s)`);
    return 1;
  }
  const channels = document.channels().length;
  const operations = document.operations().length;
  const messages = document.messages().length;
  console.log(`asyncapi: OK ${path.relative(process.cwd(), file)} (AsyncAPI ${document.version()}; `
    + `${channels} channels, ${operations} operations, ${messages} messages; ${warnings} warning(s))`);
  return 0;
}

/** Schema names, schema compilation and examples; returns one line per problem. */
function contractChecks(raw) {
  const problems = [];
  const schemas = raw?.components?.schemas ?? {};
  for (const name of REQUIRED_SCHEMAS.filter((n) => !(n in schemas))) {
    problems.push(`limber-schema-names: components/schemas/${name} is missing; the conformance test looks it up by this name`);
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const base = 'urn:limber:contract';
  try {
    ajv.addSchema({ $id: base, components: { schemas } });
  } catch (e) {
    problems.push(`limber-schema-compile: components/schemas: ${e.message}`);
    return problems;
  }
  const compiled = {};
  for (const name of Object.keys(schemas)) {
    try {
      compiled[name] = ajv.getSchema(`${base}#/components/schemas/${name}`);
    } catch (e) {
      problems.push(`limber-schema-compile: components/schemas/${name}: ${e.message}`);
    }
  }
  let checked = 0;
  for (const [key, message] of Object.entries(raw?.components?.messages ?? {})) {
    const ref = message?.payload?.$ref;
    const name = typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice(21) : null;
    if (!name || !compiled[name]) {
      problems.push(`limber-message-payload: components/messages/${key} must have payload $ref '#/components/schemas/<Name>'`);
      continue;
    }
    for (const [i, example] of (message.examples ?? []).entries()) {
      if (!('payload' in example)) {
        continue;
      }
      checked++;
      if (!compiled[name](example.payload)) {
        const why = compiled[name].errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        problems.push(`limber-example: components/messages/${key}/examples/${i} (${example.name ?? 'unnamed'}) `
          + `does not match ${name}: ${why}`);
      }
    }
  }
  console.log(`asyncapi: ${checked} message example(s) checked against their payload schemas`);
  return problems;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`asyncapi: validator crashed: ${e?.stack ?? e}`);
  process.exit(2);
});
