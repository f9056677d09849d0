import ReactMarkdown, { type Components } from 'react-markdown';
import { remarkPipeTables } from './remarkPipeTables';

/**
 * Scenario text (brief, tasks, messages) as markdown. Raw HTML in it is shown as text, never
 * parsed (no rehype-raw), and react-markdown drops javascript: and other unsafe URLs.
 */
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  // The page and the panel own h1/h2; scenario headings sit below them.
  h1: ({ node: _node, ...props }) => <h3 {...props} />,
  h2: ({ node: _node, ...props }) => <h4 {...props} />,
  h3: ({ node: _node, ...props }) => <h5 {...props} />,
  // Code blocks and wide tables scroll sideways: keyboard users need to reach them to scroll.
  pre: ({ node: _node, ...props }) => <pre {...props} tabIndex={0} />,
  table: ({ node: _node, ...props }) => (
    <div className="prose__table" tabIndex={0}>
      <table {...props} />
    </div>
  ),
};

const plugins = [remarkPipeTables];

export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose">
      <ReactMarkdown components={components} remarkPlugins={plugins} skipHtml>
        {children}
      </ReactMarkdown>
    </div>
  );
}
