import { identityModule, userAccountWorkflow } from '@citysafe/domain';
import { registerAuthenticator } from '../../platform/auth.js';
import { defineServerModule } from '../../platform/module.js';
import { identityAuditObjects } from './identity.audit.js';
import { identityAuthenticator } from './identity.auth.js';
import { fillIdentityDemo } from './identity.demo.js';
import { registerIdentityJobs } from './identity.jobs.js';
import { identityRoutes } from './identity.routes.js';
import * as tables from './identity.tables.js';

// The platform recognises callers through this module's accounts, sessions and tokens.
registerAuthenticator(identityAuthenticator);

/** Organisations, people, roles, API tokens and signing in. */
export const identity = defineServerModule({
  domain: identityModule,
  tables,
  workflows: [userAccountWorkflow],
  routes: identityRoutes,
  jobs: registerIdentityJobs,
  demo: fillIdentityDemo,
  auditObjects: identityAuditObjects,
});

// What other modules may use: the org tree and the people in it.
export { apiTokens, orgs, users, userRoles, roles } from './identity.tables.js';
export { seedIdentity, type FirstAdmin } from './identity.seed.js';
export { DEMO_PASSWORD, demoUserSummary } from './identity.demo.js';
export { createUser, resetPassword } from './users.service.js';
export { actorFromToken, loadUserActor, newApiTokenSecret, sessionStands } from './identity.auth.js';
