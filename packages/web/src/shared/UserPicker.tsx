import { api } from '@citysafe/domain';
import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useApiQuery } from './query';

type UserPickerProps = {
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
} & (
  | { multiple?: false; value?: string; onChange?: (value: string | undefined) => void }
  | { multiple: true; value?: string[]; onChange?: (value: string[]) => void }
);

/** Finds users in the caller's scope by name or username (searched on the server). */
export function UserPicker(props: UserPickerProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const { data, isFetching } = useApiQuery(api.listUsers, { query: { q: q || undefined, pageSize: 20 } }, { keepPrevious: true });
  const options = (data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）· ${u.orgName}` }));
  return (
    <Select<string | string[]>
      id={props.id}
      data-testid={props['data-testid']}
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value}
      onChange={(value) => (props.multiple ? props.onChange?.(value as string[]) : props.onChange?.(value as string | undefined))}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={isFetching}
      options={options}
      placeholder={props.placeholder}
      // A filter outside a form is named by its placeholder; inside a Form.Item (which gives the id) its label names it.
      aria-label={props.id ? undefined : props.placeholder}
      allowClear
      style={{ width: '100%', minWidth: 180 }}
    />
  );
}
