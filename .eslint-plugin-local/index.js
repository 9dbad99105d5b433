// Emotune's own lint rules (after vscode's .eslint-plugin-local): `local/code-layering` keeps each folder
// from importing the folders it must not depend on (STYLE §2).
import { dirname, relative, resolve, sep } from 'node:path';

const toPosix = (path) => path.split(sep).join('/');
const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** @type {import('eslint').Rule.RuleModule} */
const codeLayering = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports from folders a folder must not depend on' },
    schema: [
      {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                target: { type: 'string' },
                from: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
                message: { type: 'string' },
              },
              required: ['target', 'from'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const root = context.cwd;
    const file = toPosix(relative(root, context.filename));
    const zones = (context.options[0]?.zones ?? []).filter((zone) => inside(file, zone.target.replace(/^\.\//, '')));
    if (zones.length === 0) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const imported = toPosix(relative(root, resolve(dirname(context.filename), source)));
      for (const zone of zones) {
        const blocked = [zone.from].flat().map((f) => f.replace(/^\.\//, '')).find((f) => inside(imported, f));
        if (blocked) {
          context.report({
            node,
            message: `${imported} may not be imported from ${zone.target}${zone.message ? `: ${zone.message}` : ''}`,
          });
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'code-layering': codeLayering } };
