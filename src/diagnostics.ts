/**
 * Diagnostics are data: every stage returns them instead of throwing or printing.
 * An `error` costs the story (it is skipped); a `warning` keeps it.
 */
export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Path of the story file, relative to the stories folder (or as given). */
  file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  line: number;
  /** 1-based column. */
  column: number;
  severity: Severity;
  /** Stable rule name, e.g. `missing-copyright`, usable in docs and filters. */
  rule: string;
  message: string;
}

/** A diagnostic without its file, as pure stages produce them before the caller knows the path. */
export type Finding = Omit<Diagnostic, "file">;

/** Makes a finding; line and column default to 1 (the whole file). */
export function finding(severity: Severity, rule: string, message: string, line = 1, column = 1): Finding {
  return { severity, rule, message, line, column };
}

/** Line and column (1-based, code units) of `index` in `text`. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) [line, start] = [line + 1, i + 1];
  return { line, column: index - start + 1 };
}

/** Attaches a file to findings. */
export function inFile(file: string, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) => ({ file, ...f }));
}

export function hasError(diagnostics: readonly { severity: Severity }[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, line, column, then rule, so reports are stable. */
export function sortDiagnostics<T extends Diagnostic>(diagnostics: readonly T[]): T[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** `file:line:col  severity  message  [rule]`, the form editors and CI understand. */
export function formatText(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  [${d.rule}]`;
}

/** A GitHub Actions workflow command, so the problem is annotated on the story's line. */
export function formatGithub(d: Diagnostic): string {
  const esc = (s: string, prop: boolean) =>
    s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
      .replace(prop ? /[:,]/g : /$^/g, (c) => (c === ":" ? "%3A" : "%2C"));
  const kind = d.severity === "error" ? "error" : "warning";
  return `::${kind} file=${esc(d.file, true)},line=${d.line},col=${d.column},title=${esc(d.rule, true)}::${esc(d.message, false)}`;
}
