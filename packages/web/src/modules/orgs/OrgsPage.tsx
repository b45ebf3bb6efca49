import { Card, Col, Empty, Row, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../shared/PageHeader';
import { useOrgs } from '../../shared/orgs';
import { OrgDetail } from './OrgDetail';
import { type OrgFormMode, OrgFormModal } from './OrgFormModal';
import { OrgTree } from './OrgTree';

/** 组织机构: the org tree on the left, the chosen org on the right (stacked on phones). */
export default function OrgsPage() {
  const { t } = useTranslation();
  const { tree, byId, isPending } = useOrgs();
  // The selection lives in the URL so an org can be linked to and survives a reload.
  const [search, setSearch] = useSearchParams();
  const [editing, setEditing] = useState<OrgFormMode | null>(null);
  const selectedId = search.get('id') ?? tree[0]?.org.id;
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const select = (id: string | null) => setSearch(id ? { id } : {}, { replace: true });

  return (
    <>
      <PageHeader title={t('orgs.menu')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={8}>
          <Card size="small" className="org-tree-card">
            {isPending ? <Spin /> : <OrgTree tree={tree} selectedId={selectedId} onSelect={select} />}
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16}>
          <Card size="small">
            {selected ? <OrgDetail org={selected} onEdit={setEditing} onDeleted={select} /> : <Empty description={t('orgs.selectHint')} />}
          </Card>
        </Col>
      </Row>
      {editing && (
        <OrgFormModal
          mode={editing}
          onClose={() => setEditing(null)}
          onSaved={(org) => {
            setEditing(null);
            select(org.id);
          }}
        />
      )}
    </>
  );
}
