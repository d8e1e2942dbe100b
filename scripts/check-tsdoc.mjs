#!/usr/bin/env node
// Checks that every export of the public API (src/index.ts) has TSDoc, and that every exported
// function, class and constant has an @example. Prints the offenders; exits 1 when there are any.
// Usage: node scripts/check-tsdoc.mjs [--json]
import { resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'index.ts');
function join(...p) { return resolve(...p); }

export function findMissing() {
  const program = ts.createProgram([entry], {
    strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, resolveJsonModule: true, target: ts.ScriptTarget.ES2022,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const missing = [];
  for (const exp of checker.getExportsOfModule(mod)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = sym.declarations ?? [];
    if (!decls.length) continue;
    const tagsOf = (d) => {
      const docs = ts.getJSDocCommentsAndTags(d);
      const hasDoc = docs.length > 0;
      const hasExample = ts.getJSDocTags(d).some((t) => t.tagName.text === 'example');
      return { hasDoc, hasExample };
    };
    // For `export const x = …`, JSDoc sits on the VariableStatement.
    const info = decls.map((d) => (ts.isVariableDeclaration(d) ? tagsOf(d.parent.parent) : tagsOf(d)));
    const hasDoc = info.some((i) => i.hasDoc);
    const hasExample = info.some((i) => i.hasExample);
    const needsExample = (sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) !== 0 ||
      ((sym.flags & ts.SymbolFlags.Variable) !== 0 && checker.getTypeOfSymbolAtLocation(sym, decls[0]).getCallSignatures().length > 0);
    const d0 = decls[0];
    const where = `${relative(root, d0.getSourceFile().fileName)}:${d0.getSourceFile().getLineAndCharacterOfPosition(d0.getStart()).line + 1}`;
    if (!hasDoc) missing.push({ name: exp.name, where, missing: 'TSDoc' });
    else if (needsExample && !hasExample) missing.push({ name: exp.name, where, missing: '@example' });
  }
  return missing.sort((a, b) => a.where.localeCompare(b.where));
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const m = findMissing();
  if (process.argv.includes('--json')) console.log(JSON.stringify(m, null, 1));
  else for (const x of m) console.log(`${x.where}  ${x.name}  missing ${x.missing}`);
  console.error(`${m.length} exports lack TSDoc or an @example`);
  process.exit(m.length ? 1 : 0);
}
