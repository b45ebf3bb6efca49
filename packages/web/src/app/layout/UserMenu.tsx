import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout, useUser } from '../session';

/** Name and org of the logged-in person, with change password and logout. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const logout = useLogout();

  const items: MenuProps['items'] = [
    { key: 'org', label: user.orgName, disabled: true },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined aria-hidden />, label: t('app.changePassword') },
    { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: t('app.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/change-password');
    if (key === 'logout') void logout().then(() => navigate('/login'));
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" className="user-menu-button" aria-label={compact ? user.displayName : undefined}>
        <Avatar size="small" icon={<UserOutlined aria-hidden />} style={{ background: '#1d5fbf' }} />
        {!compact && <span className="user-menu-name">{user.displayName}</span>}
        <DownOutlined style={{ fontSize: 10 }} aria-hidden />
      </Button>
    </Dropdown>
  );
}
