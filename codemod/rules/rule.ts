import type { ts } from 'ts-morph';
import type { Edit, Finding, FindingKind, MigrateOptions } from '../types.js';
import type { Scope } from '../scope.js';
import { tsApi } from '../ts-api.js';

export type ScriptLang = 'js' | 'ts' | 'jsx' | 'tsx';

export interface RuleContext {
  options: MigrateOptions;
  /** true for inline HTML handlers/scripts: classic-script globals */
  inline?: boolean;
  /** Spans `[start, end)` of template code masked by the host: never edited. */
  masked?: ReadonlyArray<readonly [number, number]>;
}

/** One parsed JS/TS region, shared by every rule. */
export interface ParsedScript {
  sf: ts.SourceFile;
  text: string;
  lang: ScriptLang;
  scope: Scope;
  /** Every node in document order, so each rule needs no walk of its own. */
  nodes: readonly ts.Node[];
}

export interface RuleResult {
  edits: Edit[];
  findings: Finding[];
}

export type Rule = (file: ParsedScript, ctx: RuleContext) => RuleResult;

/** Collects a rule's edits and findings against one parsed script. */
export class RuleOutput implements RuleResult {
  readonly edits: Edit[] = [];
  readonly findings: Finding[] = [];

  constructor(
    private readonly file: ParsedScript,
    private readonly rule: string,
  ) {}

  replace(node: ts.Node, text: string): void {
    this.replaceRange(node.getStart(this.file.sf), node.end, text);
  }

  replaceRange(start: number, end: number, text: string): void {
    if (this.file.text.slice(start, end) !== text) this.edits.push({ start, end, text, rule: this.rule });
  }

  /** Replaces a string literal's value, keeping its quotes. */
  replaceString(literal: ts.StringLiteralLike, value: string): void {
    this.replaceRange(literal.getStart(this.file.sf) + 1, literal.end - 1, value);
  }

  /** `rule` overrides the rule id when the finding has an id of its own (`unknown-method`). */
  report(kind: FindingKind, node: ts.Node | number, message: string, rule = this.rule): void {
    const offset = typeof node === 'number' ? node : node.getStart(this.file.sf);
    this.findings.push({ kind, rule, message, offset });
  }
}

export type IdentifierRole =
  /** `x.id`: a property name; the rule decides by looking at `x`. */
  | 'member'
  /** `{ id }` in an object literal: a key and a reference at once. */
  | 'shorthand'
  /** The name a declaration introduces. */
  | 'declaration'
  /** A read or write of a binding. */
  | 'reference';

/** What an identifier is, or `null` for names that never reference a binding (keys, types, labels, JSX). */
export function identifierRole(id: ts.Identifier): IdentifierRole | null {
  const ts = tsApi();
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id ? 'member' : 'reference';
  if (ts.isShorthandPropertyAssignment(p)) return p.name === id ? 'shorthand' : 'reference';
  if (ts.isBindingElement(p)) return p.name === id ? 'declaration' : null;
  if (ts.isImportSpecifier(p)) return p.name === id ? 'declaration' : null;
  if (
    ts.isVariableDeclaration(p) ||
    ts.isParameter(p) ||
    ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) ||
    ts.isClassExpression(p) ||
    ts.isImportClause(p) ||
    ts.isNamespaceImport(p) ||
    ts.isImportEqualsDeclaration(p)
  ) {
    return (p as ts.NamedDeclaration).name === id ? 'declaration' : 'reference';
  }
  if (
    ts.isPropertyAssignment(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isMethodSignature(p) ||
    ts.isGetAccessorDeclaration(p) ||
    ts.isSetAccessorDeclaration(p) ||
    ts.isEnumMember(p)
  ) {
    return (p as ts.NamedDeclaration).name === id ? null : 'reference';
  }
  if (
    ts.isEnumDeclaration(p) ||
    ts.isInterfaceDeclaration(p) ||
    ts.isTypeAliasDeclaration(p) ||
    ts.isModuleDeclaration(p) ||
    ts.isTypeParameterDeclaration(p) ||
    ts.isQualifiedName(p) ||
    ts.isTypeReferenceNode(p) ||
    ts.isExpressionWithTypeArguments(p) ||
    ts.isJsxAttribute(p) ||
    ts.isJsxOpeningElement(p) ||
    ts.isJsxSelfClosingElement(p) ||
    ts.isJsxClosingElement(p) ||
    ts.isLabeledStatement(p) ||
    ts.isBreakOrContinueStatement(p) ||
    ts.isExportSpecifier(p) ||
    ts.isMetaProperty(p) ||
    ts.isImportTypeNode(p)
  ) {
    return null;
  }
  return 'reference';
}

/** The text of a string literal or template part between its delimiters, as written in the source. */
export interface StringPart {
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateLiteralLikeNode;
  start: number;
  end: number;
  raw: string;
  /** The part begins right after a `${…}` substitution. */
  afterSubstitution: boolean;
}

const partsCache = new WeakMap<ParsedScript, StringPart[]>();

/** Every string literal and template part of the script, in document order. */
export function stringParts(file: ParsedScript): StringPart[] {
  const cached = partsCache.get(file);
  if (cached) return cached;
  const ts = tsApi();
  const parts: StringPart[] = [];
  partsCache.set(file, parts);
  for (const node of file.nodes) {
    const whole = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    const head = ts.isTemplateHead(node);
    const middle = ts.isTemplateMiddle(node);
    if (!whole && !head && !middle && !ts.isTemplateTail(node)) continue;
    const start = node.getStart(file.sf) + 1;
    const end = node.end - (head || middle ? 2 : 1);
    parts.push({ node: node as StringPart['node'], start, end, raw: file.text.slice(start, end), afterSubstitution: !whole && !head });
  }
  return parts;
}
