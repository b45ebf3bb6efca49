import { api, orgLabel } from '@citysafe/domain';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useApiQuery } from './query';

export type Org = api.Org;

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

/**
 * Builds the org tree from the flat list. Orgs whose parent the caller cannot see (a street
 * office's own street, under the district it has no access to) become roots.
 */
export function buildOrgTree(orgs: Org[]): OrgNode[] {
  const nodes = new Map(orgs.map((org) => [org.id, { org, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => a.org.sortOrder - b.org.sortOrder);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Every org the caller may see, as a list, a lookup and a tree. */
export function useOrgs() {
  const query = useApiQuery(api.listOrgs, { query: { pageSize: 2000 } });
  const orgs = useMemo(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(orgs.map((o) => [o.id, o])), [orgs]);
  const tree = useMemo(() => buildOrgTree(orgs), [orgs]);
  return { ...query, orgs, byId, tree };
}

/** Text an org is found by: its name, short name, aliases and code. */
export const orgSearchText = (org: Org): string => [org.name, org.shortName, ...org.aliases, org.code].filter(Boolean).join(' ');

interface TreeOption {
  value: string;
  title: string;
  searchText: string;
  children: TreeOption[];
}

const toOptions = (nodes: OrgNode[]): TreeOption[] =>
  nodes.map(({ org, children }) => ({
    value: org.id,
    title: orgLabel(org),
    searchText: orgSearchText(org),
    children: toOptions(children),
  }));

type OrgTreeSelectProps = {
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  /** Names the control where neither a form label nor the placeholder says enough (one select per row of a table). */
  'aria-label'?: string;
  'data-testid'?: string;
} & (
  | { multiple?: false; value?: string | null; onChange?: (value: string | undefined) => void }
  | { multiple: true; value?: string[]; onChange?: (value: string[]) => void }
);

/** Picks one org (or several) from the tree, searchable by name, short name and alias. */
export function OrgTreeSelect(props: OrgTreeSelectProps) {
  const { tree, isPending } = useOrgs();
  const treeData = useMemo(() => toOptions(tree), [tree]);
  return (
    <TreeSelect<string | string[]>
      id={props.id}
      data-testid={props['data-testid']}
      value={props.value ?? undefined}
      onChange={(value) => (props.multiple ? props.onChange?.(value as string[]) : props.onChange?.(value as string | undefined))}
      multiple={props.multiple}
      treeData={treeData}
      loading={isPending}
      placeholder={props.placeholder}
      // A filter outside a form is named by its placeholder; inside a Form.Item (which gives the id) its label names it.
      aria-label={props['aria-label'] ?? (props.id ? undefined : props.placeholder)}
      allowClear={props.allowClear}
      showSearch={{ treeNodeFilterProp: 'searchText' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ width: '100%', minWidth: 180 }}
    />
  );
}
