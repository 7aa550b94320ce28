// require-job-retention (nursery): bullmq and bull queues whose jobs never get `removeOnComplete`
// / `removeOnFail` (neither in the queue's defaultJobOptions, nor when added, nor by a Worker in
// the same file), so every finished job stays in Redis forever.
//
// An `add` on a queue imported from another file (`import { emailQueue } from './queues'`, now a
// remote bullmq/bull instance) is deliberately not judged: the queue's defaultJobOptions are in its
// own file, so a missing per-add option says nothing by itself. That file reports the queue when
// its defaults keep jobs and nothing there adds to it, so each such queue is reported once, where
// the fix belongs.
import { ts } from '@ts-morph/common';
import { LIBRARY_DEFAULTS, SUGGESTED_KEEP_COMPLETED_JOBS, SUGGESTED_KEEP_FAILED_JOBS } from '../engine/library-defaults';
import { isLibrary, type Value } from '../engine/values';
import { addPropertyEdit, formatNumber, optionsShape, propertyValue, type OptionsShape } from './utils';
import { findAll } from './request-data';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

type Library = 'bullmq' | 'bull';
type Retention = 'removeOnComplete' | 'removeOnFail';
const RETENTION: readonly Retention[] = ['removeOnComplete', 'removeOnFail'];
const SUGGESTED: Record<Retention, number> = { removeOnComplete: SUGGESTED_KEEP_COMPLETED_JOBS, removeOnFail: SUGGESTED_KEEP_FAILED_JOBS };

/** Which set an option covers: 'yes', 'no' (absent or `false`), or 'unknown' (hidden behind a variable or spread). */
type Coverage = 'yes' | 'no' | 'unknown';

function queueLibrary(callee: Value): Library | undefined {
  if (isLibrary(callee, 'bullmq', 'Queue')) return 'bullmq';
  if (isLibrary(callee, 'bull') || isLibrary(callee, 'bull', 'Queue')) return 'bull';
  return undefined;
}

/** The options argument of `new Queue(…)`: bullmq (name, opts); bull (name, opts) or (name, redisUrl, opts). */
function queueOptionsIndex(creation: ts.NewExpression | ts.CallExpression, library: Library): number {
  const second = creation.arguments?.[1];
  return library === 'bull' && second && (ts.isStringLiteralLike(second) || ts.isTemplateExpression(second) || ts.isPropertyAccessExpression(second)) ? 2 : 1;
}

function coverage(shape: OptionsShape, name: Retention): Coverage {
  if (shape.kind === 'none') return 'no';
  if (shape.kind === 'opaque') return 'unknown';
  const value = propertyValue(shape.node, name);
  if (!value) return shape.hasSpread ? 'unknown' : 'no';
  // `removeOnComplete: false` keeps every job, like the default.
  return value.kind === SyntaxKind.FalseKeyword ? 'no' : 'yes';
}

function merge(a: Coverage, b: Coverage): Coverage {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'no';
}

function retentionText(name: Retention): string {
  return `${name}: ${formatNumber(SUGGESTED[name]).replace(/,/g, '_')}`;
}

/** Adds the missing options to an object literal, or a new options argument at `index`. */
function addOptionsFix(call: ts.CallExpression | ts.NewExpression, index: number, shape: OptionsShape, properties: string[], wrap: (inner: string) => string, context: RuleContext, title: string): ReportFix | undefined {
  const sourceFile = context.sourceFile;
  if (shape.kind === 'object') {
    // One property per line in a multi-line literal, as the literal is written.
    const edit = addPropertyEdit(shape.node, properties[0]!, sourceFile);
    const indent = /\n([ \t]*)/.exec(edit.newText)?.[1];
    const joined = properties.join(indent === undefined ? ', ' : `,\n${indent}`);
    return { title, edits: [{ ...edit, newText: edit.newText.replace(properties[0]!, joined) }] };
  }
  if (shape.kind !== 'none') return undefined;
  const args = call.arguments ?? ts.factory.createNodeArray();
  if (args.length !== index || index === 0) return undefined;
  const last = args[index - 1]!;
  return { title, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${wrap(properties.join(', '))}` }] };
}

/** `defaultJobOptions: { … }` added to (or completed in) the queue's options. */
function defaultsFix(creation: ts.NewExpression | ts.CallExpression, index: number, queueOptions: OptionsShape, defaults: OptionsShape, missing: Retention[], context: RuleContext): ReportFix | undefined {
  const properties = missing.map(retentionText);
  const title = `Keep at most ${missing.map((m) => `${formatNumber(SUGGESTED[m])} ${m === 'removeOnComplete' ? 'completed' : 'failed'}`).join(' and ')} jobs (defaultJobOptions)`;
  if (defaults.kind === 'object') return addOptionsFix(creation, index, defaults, properties, (inner) => inner, context, title);
  if (defaults.kind === 'opaque') return undefined;
  const property = `defaultJobOptions: { ${properties.join(', ')} }`;
  return addOptionsFix(creation, index, queueOptions, [property], (inner) => `{ ${inner} }`, context, title);
}

interface QueueInfo {
  library: Library;
  creation: ts.NewExpression | ts.CallExpression;
  optionsIndex: number;
  options: OptionsShape;
  defaults: OptionsShape;
  /** What defaultJobOptions (and Workers of the same queue in this file) cover. */
  covered: Record<Retention, Coverage>;
}

/** `new Worker('mail', processor, { removeOnComplete: … })` for the same queue name in this file. */
function workerCoverage(queueName: string | undefined, context: RuleContext): Record<Retention, Coverage> {
  const result: Record<Retention, Coverage> = { removeOnComplete: 'no', removeOnFail: 'no' };
  if (queueName === undefined) return result;
  const workers = findAll(context.sourceFile, (node): node is ts.NewExpression => ts.isNewExpression(node) && isLibrary(context.resolve(node.expression), 'bullmq', 'Worker'));
  for (const worker of workers) {
    const name = worker.arguments?.[0];
    if (!name || !ts.isStringLiteralLike(name) || name.text !== queueName) continue;
    const shape = optionsShape(worker.arguments?.[2], context);
    for (const r of RETENTION) result[r] = merge(result[r], coverage(shape, r));
  }
  return result;
}

function describeQueue(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): QueueInfo | undefined {
  const library = queueLibrary(context.resolve(creation.expression));
  if (!library) return undefined;
  const optionsIndex = queueOptionsIndex(creation, library);
  const options = optionsShape(creation.arguments?.[optionsIndex], context);
  const defaults: OptionsShape =
    options.kind === 'object' ? (propertyValue(options.node, 'defaultJobOptions') ? optionsShape(propertyValue(options.node, 'defaultJobOptions'), context) : options.hasSpread ? { kind: 'opaque', node: options.node } : { kind: 'none' }) : options.kind === 'opaque' ? options : { kind: 'none' };
  const nameArg = creation.arguments?.[0];
  const workers = workerCoverage(nameArg && ts.isStringLiteralLike(nameArg) ? nameArg.text : undefined, context);
  const covered = { removeOnComplete: merge(coverage(defaults, 'removeOnComplete'), workers.removeOnComplete), removeOnFail: merge(coverage(defaults, 'removeOnFail'), workers.removeOnFail) };
  return { library, creation, optionsIndex, options, defaults, covered };
}

/** `queue.add(name, data, opts)` (bullmq, bull named) or `queue.add(data, opts)` (bull). */
function addOptionsIndex(call: ts.CallExpression, library: Library): number {
  if (library === 'bullmq') return 2;
  const first = call.arguments[0];
  return first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first)) && call.arguments.length >= 2 ? 2 : 1;
}

function missingText(missing: Retention[]): string {
  return missing.map((m) => `\`${m}\``).join(' and ');
}

function whichJobs(missing: Retention[]): string {
  return missing.length === 2 ? 'completed and failed' : missing[0] === 'removeOnComplete' ? 'completed' : 'failed';
}

export const rule: RuleModule = {
  meta: {
    id: 'require-job-retention',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    nursery: true,
    messages: {
      queueKeepsJobs:
        'This {{library}} queue sets no {{missing}} in defaultJobOptions, and {{library}} {{default}} unless told to remove it: every {{which}} job stays in Redis forever unless its `add` sets {{them}}, so at 1,000 jobs a minute Redis gains about 1.4 million job hashes a day until it reaches maxmemory and rejects writes (or evicts keys the queue needs). Set them in defaultJobOptions, e.g. `removeOnComplete: {{keepCompleted}}, removeOnFail: {{keepFailed}}` (counts) or `{ age }`.',
      jobKeepsJobs:
        'This job is added without {{missing}}, and the queue\'s defaultJobOptions do not set {{them}}: {{library}} {{default}} unless told to remove it, so every {{which}} job stays in Redis and its memory grows with every job until it reaches maxmemory. Pass {{them}} here or, better, in the queue\'s defaultJobOptions.',
    },
    docs: {
      description:
        'Reports bullmq and bull queues (and the `add` calls on them) whose jobs never get `removeOnComplete` / `removeOnFail`, so finished jobs accumulate in Redis. Nursery rule: opt-in, off unless enabled in the configuration.',
      rationale: [
        'bullmq and bull keep every completed and failed job (its data, result, stack trace and logs) in Redis unless `removeOnComplete` / `removeOnFail` say otherwise. Nothing else ever deletes them.',
        'At 1,000 jobs a minute that is about 1.4 million jobs a day. Redis holds everything in memory: once it reaches `maxmemory` it either rejects writes (every `queue.add` fails, and the requests that enqueue jobs fail with it) or evicts keys, including the ones the queue itself needs.',
        'BullMQ\'s guide recommends keeping a bounded number of finished jobs, e.g. `removeOnComplete: 1000, removeOnFail: 5000`, or an age (`{ age: 24 * 3600 }`). Setting them in the queue\'s `defaultJobOptions` covers every `add`; a bullmq `Worker` in the same file with these options counts as well.',
        'This rule is in the nursery: it is opt-in. Enable it in `concurrency-lint.json` (`"rules": { "require-job-retention": "warning" }`).',
      ].join('\n\n'),
      bad: [
        "import { Queue } from 'bullmq';",
        '',
        "export const emailQueue = new Queue('email', { connection: { host: 'redis' } });",
      ].join('\n'),
      good: [
        "import { Queue } from 'bullmq';",
        '',
        "export const emailQueue = new Queue('email', {",
        "  connection: { host: 'redis' },",
        '  defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },',
        '});',
      ].join('\n'),
      whenNotToUse:
        'Queues whose Workers (in another file or service) set `removeOnComplete` / `removeOnFail`, or that are cleaned by a scheduled `queue.clean()`, can disable the rule for the queue\'s line. `add` calls on a queue imported from another file are not reported: its defaultJobOptions are in that file, which reports the queue itself when they keep jobs. Queues registered through NestJS `BullModule.registerQueue()` are not followed yet.',
    },
  },
  create(context) {
    const queues = new Map<ts.Node, QueueInfo | undefined>();
    const infoFor = (creation: ts.NewExpression | ts.CallExpression): QueueInfo | undefined => {
      if (!queues.has(creation)) queues.set(creation, describeQueue(creation, context));
      return queues.get(creation);
    };
    /** Every `add` on the queue made by `creation`, in this file. */
    const addsOf = (creation: ts.Node): ts.CallExpression[] =>
      findAll(context.sourceFile, (node): node is ts.CallExpression => {
        if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !/^(add|addBulk)$/.test(node.expression.name.text)) return false;
        const value = context.resolve(node.expression);
        return value.kind === 'instance' && value.creation === creation && value.path.length === 1;
      });

    const checkCreation = (creation: ts.NewExpression | ts.CallExpression): void => {
      const info = infoFor(creation);
      if (!info || info.options.kind === 'opaque') return;
      const missing = RETENTION.filter((r) => info.covered[r] === 'no');
      if (missing.length === 0) return;
      // Adds in this file are judged one by one; the queue itself only when nothing here adds to it.
      if (addsOf(creation).length > 0) return;
      context.report({
        node: creation.expression,
        messageId: 'queueKeepsJobs',
        data: {
          library: info.library,
          missing: missingText(missing),
          which: whichJobs(missing),
          them: missing.length === 2 ? 'them' : 'it',
          default: LIBRARY_DEFAULTS.bullRemoveOnComplete.describe,
          keepCompleted: formatNumber(SUGGESTED_KEEP_COMPLETED_JOBS).replace(/,/g, '_'),
          keepFailed: formatNumber(SUGGESTED_KEEP_FAILED_JOBS).replace(/,/g, '_'),
        },
        fixes: [defaultsFix(creation, info.optionsIndex, info.options, info.defaults, missing, context)].filter((f): f is ReportFix => f !== undefined),
      });
    };

    return {
      NewExpression: (creation) => checkCreation(creation),
      CallExpression: (call) => {
        const callee = call.expression;
        // bull also works without `new`: `const queue = Queue('mail')`.
        if (queueLibrary(context.resolve(callee)) === 'bull') {
          checkCreation(call);
          return;
        }
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'add') return;
        const value = context.resolve(callee);
        // A 'remote-instance' (queue made in another file) falls out here: see the header.
        if (value.kind !== 'instance' || value.path.length !== 1) return;
        const info = infoFor(value.creation);
        if (!info || info.options.kind === 'opaque') return;
        const index = addOptionsIndex(call, info.library);
        const jobOptions = optionsShape(call.arguments[index], context);
        const missing = RETENTION.filter((r) => merge(info.covered[r], coverage(jobOptions, r)) === 'no');
        if (missing.length === 0) return;
        const title = `Keep at most ${missing.map((m) => `${formatNumber(SUGGESTED[m])} ${m === 'removeOnComplete' ? 'completed' : 'failed'}`).join(' and ')} jobs`;
        const fix = addOptionsFix(call, index, jobOptions, missing.map(retentionText), (inner) => `{ ${inner} }`, context, title);
        context.report({
          node: callee,
          messageId: 'jobKeepsJobs',
          data: {
            library: info.library,
            missing: missingText(missing),
            which: whichJobs(missing),
            them: missing.length === 2 ? 'them' : 'it',
            default: LIBRARY_DEFAULTS.bullRemoveOnComplete.describe,
          },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
};
