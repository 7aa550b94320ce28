// Where each rule's documentation page lives (docs/rules/<id>.md, generated from rule metadata).
export const REPOSITORY_URL = 'https://github.com/concurrency-lint/concurrency-lint';

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
