/**
 * How deeply a config text nests, measured before it is parsed: YAML's composer is
 * recursive (1,000 nested `[` overflow its stack; at 10,000, building the error's
 * excerpt ran Node out of memory, a fatal error past any try/catch), and so is
 * jsonc-parser, which locates JSON syntax errors (configText.ts). Both scans here
 * are iterative; the parsers then only ever see texts nested at most MAX_CONFIG_DEPTH
 * levels, and the objects they make are checked again by configTreeProblem.
 */
import { Parser } from 'yaml';
import { MAX_CONFIG_DEPTH } from './limits';

export interface NestingProblem {
  line: number;
  column: number;
  message: string;
}

function at(text: string, offset: number): NestingProblem {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` };
}

/** Where a JSON text first opens more than MAX_CONFIG_DEPTH brackets, or null. */
export function jsonNestingProblem(text: string): NestingProblem | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_CONFIG_DEPTH) return at(text, i);
    }
    // Never below 0: `]]]` first must not buy credit for as many `[` after it.
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return null;
}

/** The parts of a YAML CST token that nest: collections and their items' keys and values. */
interface CstNode {
  type: string;
  offset: number;
  value?: CstNode;
  items?: { key?: CstNode | null; value?: CstNode | null }[];
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Where a YAML text first nests more than MAX_CONFIG_DEPTH collections, or null. */
export function yamlNestingProblem(text: string): NestingProblem | null {
  // yaml's Parser (text → CST) keeps its own stack, unlike the composer (CST → objects).
  for (const token of new Parser().parse(text)) {
    const stack: { node: CstNode; depth: number }[] = [{ node: token as CstNode, depth: 0 }];
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      if (node.type === 'document' && node.value) stack.push({ node: node.value, depth });
      if (!COLLECTIONS.has(node.type)) continue;
      if (depth + 1 > MAX_CONFIG_DEPTH) return at(text, node.offset);
      for (const item of node.items ?? []) {
        if (item.key) stack.push({ node: item.key, depth: depth + 1 });
        if (item.value) stack.push({ node: item.value, depth: depth + 1 });
      }
    }
  }
  return null;
}
