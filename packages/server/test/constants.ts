/** The password `admin` has in the test template. */
export const TEST_ADMIN_PASSWORD = 'Test-Admin#2026';
/** A password every test user gets; it satisfies the default policy. */
export const TEST_PASSWORD = 'Demo-Pass#2026';
export const TEMPLATE_DB = 'citysafe_template';
