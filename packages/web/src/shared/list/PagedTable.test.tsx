// @vitest-environment jsdom
import { api } from '@citysafe/domain';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TableColumnsType } from 'antd';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeServer, fixedMediaQuery, json, renderWithApp } from '../testing/render';
import { type ListColumn, ListSearch, PagedTable } from './PagedTable';
import { usePagedList } from './usePagedList';

type User = api.User;

const user = (n: number): User => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  username: `user${n}`,
  displayName: `用户${n}`,
  orgId: '00000000-0000-4000-8000-000000000999',
  orgName: '新筑街道办事处',
  roles: [],
  phone: null,
  status: 'active',
  mustChangePassword: false,
  lockedUntil: null,
  lastLoginAt: null,
  createdAt: '2026-01-05T02:00:00.000Z',
  allowedActions: [],
});

/** The users list as a page would declare it; 所属机构 asks to sort, which the contract does not allow. */
function UsersList() {
  const list = usePagedList(api.listUsers);
  const columns: TableColumnsType<User> = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '所属机构', dataIndex: 'orgName', sorter: true },
  ];
  return (
    <>
      <ListSearch list={list} placeholder="搜索用户" testId="search" />
      <PagedTable<User> list={list} columns={columns} testId="table" />
    </>
  );
}

/** A server of 45 users answering pages of whatever size is asked. */
function usersServer() {
  return fakeServer((url) => {
    const page = Number(url.searchParams.get('page'));
    const pageSize = Number(url.searchParams.get('pageSize'));
    const items = Array.from({ length: 45 }, (_, i) => user(i + 1)).slice((page - 1) * pageSize, page * pageSize);
    return json(200, { items, total: 45, page, pageSize });
  });
}

const lastQuery = (server: ReturnType<typeof fakeServer>) => Object.fromEntries(server.requests().at(-1)!.url.searchParams);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('paged list bound to the address', () => {
  test('a shared link restores page, sort and filters, in the request and on the table', async () => {
    const server = usersServer();
    renderWithApp(<UsersList />, { url: '/users?page=2&sort=-username&status=locked&q=新筑' });
    await screen.findByText('user21');
    expect(lastQuery(server)).toEqual({ page: '2', pageSize: '20', sort: '-username', status: 'locked', q: '新筑' });
    expect(screen.getByRole('columnheader', { name: /用户名/ }).getAttribute('aria-sort')).toBe('descending');
    expect((within(screen.getByTestId('search')).getByRole('searchbox') as HTMLInputElement).value).toBe('新筑');
    expect(screen.getByTitle('2').classList.contains('ant-pagination-item-active')).toBe(true);
  });

  test('values the contract refuses are dropped instead of sent', async () => {
    const server = usersServer();
    renderWithApp(<UsersList />, { url: '/users?sort=password&status=deleted&role=admin' });
    await screen.findByText('user1');
    expect(lastQuery(server)).toEqual({ page: '1', pageSize: '20', role: 'admin' });
  });

  test('a click on a heading sorts: the address and the request carry it, and the list starts again at page 1', async () => {
    const server = usersServer();
    const view = renderWithApp(<UsersList />, { url: '/users?page=3' });
    await screen.findByText('user41');
    await userEvent.click(screen.getByRole('columnheader', { name: /姓名/ }));
    await waitFor(() => expect(view.location().searchParams.get('sort')).toBe('displayName'));
    expect(view.location().searchParams.has('page')).toBe(false);
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ sort: 'displayName', page: '1' }));

    await userEvent.click(screen.getByRole('columnheader', { name: /姓名/ }));
    await waitFor(() => expect(view.location().searchParams.get('sort')).toBe('-displayName'));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ sort: '-displayName' }));
  });

  test('only the fields the contract lists can be sorted', async () => {
    usersServer();
    renderWithApp(<UsersList />, { url: '/users' });
    await screen.findByText('user1');
    const sortable = (name: RegExp) => screen.getByRole('columnheader', { name }).classList.contains('ant-table-column-has-sorters');
    expect(sortable(/用户名/)).toBe(true);
    expect(sortable(/所属机构/)).toBe(false);
  });

  test('paging and searching change the address; a search starts again at page 1', async () => {
    const server = usersServer();
    const view = renderWithApp(<UsersList />, { url: '/users?sort=username' });
    await screen.findByText('user1');
    await userEvent.click(screen.getByTitle('3'));
    await waitFor(() => expect(view.location().searchParams.get('page')).toBe('3'));
    await screen.findByText('user41');
    expect(lastQuery(server)).toMatchObject({ page: '3', sort: 'username' });

    await userEvent.type(within(screen.getByTestId('search')).getByRole('searchbox'), '王{Enter}');
    await waitFor(() => expect(view.location().searchParams.get('q')).toBe('王'));
    expect(view.location().searchParams.has('page')).toBe(false);
    expect(view.location().searchParams.get('sort')).toBe('username');
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ q: '王', page: '1', sort: 'username' }));
  });
});

/** The users list with a key column: 状态 is marked `priority`, 用户名 is fixed on the left. */
function UsersWithStatus() {
  const list = usePagedList(api.listUsers);
  const columns: ListColumn<User>[] = [
    { title: '用户名', dataIndex: 'username', fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '所属机构', dataIndex: 'orgName' },
    { title: '状态', dataIndex: 'status', priority: true },
  ];
  return <PagedTable<User> list={list} columns={columns} testId="table" />;
}

const headings = () => screen.getAllByRole('columnheader').map((h) => h.textContent);

describe('key columns on a phone', () => {
  test('on a phone the key column comes right after the fixed one, visible without scrolling', async () => {
    usersServer();
    // jsdom matches no media query: the width of a phone.
    renderWithApp(<UsersWithStatus />, { url: '/users' });
    await screen.findByText('user1');
    expect(headings()).toEqual(['用户名', '状态', '姓名', '所属机构']);
  });

  test('a wider screen keeps the declared order', async () => {
    usersServer();
    vi.stubGlobal('matchMedia', fixedMediaQuery(true));
    renderWithApp(<UsersWithStatus />, { url: '/users' });
    await screen.findByText('user1');
    expect(headings()).toEqual(['用户名', '姓名', '所属机构', '状态']);
  });
});
