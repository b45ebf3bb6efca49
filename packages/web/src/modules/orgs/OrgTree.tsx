import { orgLabel, orgTypes } from '@citysafe/domain';
import { Input, Tree, type TreeDataNode, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OrgNode, orgSearchText } from '../../shared/orgs';
import { useBi } from '../../shared/locale';

/** Keeps the nodes that match, with the branches leading to them. */
function filterTree(nodes: OrgNode[], text: string): OrgNode[] {
  if (!text) return nodes;
  return nodes.flatMap((node) => {
    const children = filterTree(node.children, text);
    return orgSearchText(node.org).includes(text) || children.length ? [{ ...node, children }] : [];
  });
}

const allKeys = (nodes: OrgNode[]): string[] => nodes.flatMap((n) => [n.org.id, ...allKeys(n.children)]);

/** Ids of the nodes above `id`, root first; empty when it is a root or absent. */
function ancestorsOf(nodes: OrgNode[], id: string): string[] | null {
  for (const node of nodes) {
    if (node.org.id === id) return [];
    const below = ancestorsOf(node.children, id);
    if (below) return [node.org.id, ...below];
  }
  return null;
}

/** The org tree with a search box; the first two levels start open. */
export function OrgTree({ tree, selectedId, onSelect }: { tree: OrgNode[]; selectedId?: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const text = search.trim();
  const visible = useMemo(() => filterTree(tree, text), [tree, text]);

  const toData = (nodes: OrgNode[]): TreeDataNode[] =>
    nodes.map(({ org, children }) => ({
      key: org.id,
      title: (
        <span data-testid={`org-node-${org.code}`}>
          {orgLabel(org)}{' '}
          <Typography.Text type="secondary" className="org-node-type">
            {bi(orgTypes[org.type])}
          </Typography.Text>
        </span>
      ),
      children: toData(children),
    }));

  const defaultExpanded = useMemo(() => tree.flatMap((n) => [n.org.id, ...n.children.map((c) => c.org.id)]), [tree]);
  const expandedKeys = text ? allKeys(visible) : (expanded ?? defaultExpanded);

  // A node selected from outside (a new child org) is revealed by opening its ancestors.
  useEffect(() => {
    const ancestors = selectedId ? ancestorsOf(tree, selectedId) : null;
    if (ancestors?.length) setExpanded((open) => [...new Set([...(open ?? defaultExpanded), ...ancestors])]);
  }, [selectedId, tree, defaultExpanded]);

  return (
    <>
      <Input.Search
        placeholder={t('orgs.searchPlaceholder')}
        allowClear
        onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 12 }}
        data-testid="org-search"
      />
      <Tree
        showLine
        blockNode
        treeData={toData(visible)}
        selectedKeys={selectedId ? [selectedId] : []}
        expandedKeys={expandedKeys}
        onExpand={(keys) => setExpanded(keys.map(String))}
        onSelect={(keys) => {
          const [key] = keys;
          if (key !== undefined) onSelect(String(key));
        }}
      />
    </>
  );
}
