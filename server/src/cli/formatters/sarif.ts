// `--format sarif`: one SARIF 2.1.0 run for GitHub code scanning and other SARIF viewers. Every rule
// in the registry is a reporting descriptor; every finding a result; files we could not analyse are
// tool execution notifications (they are about the run, not about the code).
import type * as sarif from 'sarif';
import type { FileProblem, Finding, Severity } from '../../engine/types';
import { REPOSITORY_URL, docsUrl } from '../../engine/docs-url';
import type { RuleMeta } from '../../rules/types';
import { problemLevel, problemText } from '../results';
import { fileUri, folderUri, isInside, relativeUri } from './paths';
import type { FormatContext, Formatter } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

function ruleDescriptor(meta: RuleMeta): sarif.ReportingDescriptor {
  return {
    id: meta.id,
    shortDescription: { text: meta.docs.description },
    fullDescription: { text: meta.docs.rationale, markdown: meta.docs.rationale },
    helpUri: docsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { category: meta.category, tags: ['concurrency', meta.category] },
  };
}

/** Files under the cwd are relative to %SRCROOT% (portable across checkouts); others stay absolute. */
function artifactLocation(file: string, cwd: string): sarif.ArtifactLocation {
  return isInside(cwd, file) ? { uri: relativeUri(cwd, file), uriBaseId: SOURCE_ROOT } : { uri: fileUri(file) };
}

function findingResult(finding: Finding, context: FormatContext, ruleIndex: Map<string, number>): sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, context.cwd),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
  };
}

function problemNotification(problem: FileProblem, context: FormatContext): sarif.Notification {
  const region = problem.line !== undefined ? { startLine: problem.line, ...(problem.column !== undefined ? { startColumn: problem.column } : {}) } : undefined;
  return {
    level: problemLevel(problem),
    message: { text: problemText(problem) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(problem.file, context.cwd), ...(region ? { region } : {}) } }],
    properties: { kind: problem.kind },
  };
}

export function toSarifLog(results: Parameters<Formatter>[0], context: FormatContext): sarif.Log {
  const ruleIndex = new Map(context.rules.map((meta, i) => [meta.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: context.toolName,
            informationUri: REPOSITORY_URL,
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            rules: context.rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(context.cwd) } },
        // Our columns count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: results.flatMap((r) => r.problems.map((p) => problemNotification(p, context))),
          },
        ],
        results: results.flatMap((r) => r.findings.map((f) => findingResult(f, context, ruleIndex))),
      },
    ],
  };
}

export const formatSarif: Formatter = (results, context) => JSON.stringify(toSarifLog(results, context), null, 2) + '\n';
