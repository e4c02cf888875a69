import { render, screen } from '@testing-library/react';
import { DiffView, parseUnifiedDiff } from './DiffView';

const diff = [
  '--- a/app-config.marketplace.yaml',
  '+++ b/app-config.marketplace.yaml',
  '@@ -1,2 +1,2 @@',
  ' todo:',
  '-  pageSize: 10',
  '+  pageSize: 20',
  '\\ No newline at end of file',
  '',
].join('\n');

describe('DiffView', () => {
  it('parses a unified diff into lines that say what they are', () => {
    expect(parseUnifiedDiff(diff).map(l => l.kind)).toEqual([
      'header',
      'header',
      'hunk',
      'context',
      'removed',
      'added',
    ]);
  });

  it('says in words how many lines changed, and marks each changed line for screen readers', () => {
    render(<DiffView diff={diff} title="Changes" />);

    expect(screen.getByText('1 line added, 1 removed')).toBeInTheDocument();
    const region = screen.getByRole('region', { name: 'Changes: unified diff' });
    expect(region.querySelector('[data-diff="removed"]')).toHaveTextContent('removed: pageSize: 10');
    expect(region.querySelector('[data-diff="added"]')).toHaveTextContent('added: pageSize: 20');
  });

  it('says there are no changes for an empty diff', () => {
    render(<DiffView diff="" emptyText="Nothing changes." />);
    expect(screen.getByText('Nothing changes.')).toBeInTheDocument();
  });
});
