import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, SESSION_MAX_HOURS } from '../../platform/auth.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import * as auth from './auth.service.js';
import * as orgs from './orgs.service.js';
import * as roles from './roles.service.js';
import * as tokens from './tokens.service.js';
import * as users from './users.service.js';

export function identityRoutes(app: FastifyInstance, platform: Platform): void {
  const { db, config } = platform;
  const policy = config.passwordPolicy;
  const pending = { allowWithPendingPasswordChange: true };

  route(
    app,
    platform,
    api.login,
    async ({ request, reply, body }) => {
      const { actor, cookie, csrfToken } = await auth.login(platform, request, body);
      reply.setCookie(SESSION_COOKIE, cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        maxAge: SESSION_MAX_HOURS * 3600,
      });
      return { user: await auth.sessionUser(db, actor), csrfToken };
    },
    { rateLimit: config.loginRateLimit },
  );
  route(
    app,
    platform,
    api.logout,
    async ({ actor, reply }) => {
      await auth.logout(db, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
    pending,
  );
  route(
    app,
    platform,
    api.me,
    async ({ actor }) => ({ user: await auth.sessionUser(db, actor), csrfToken: actor.csrfToken ?? '' }),
    pending,
  );
  route(
    app,
    platform,
    api.changePassword,
    async ({ actor, body }) => {
      await auth.changePassword(db, actor, { policy, dataDir: config.dataDir }, body);
      return { ok: true as const };
    },
    { ...pending, rateLimit: config.loginRateLimit },
  );
  route(app, platform, api.passwordPolicyEndpoint, async () => policy, { rateLimit: config.publicRateLimit });
  route(
    app,
    platform,
    api.setLocale,
    async ({ actor, body }) => {
      await auth.setLocale(db, actor, body.locale);
      return { ok: true as const };
    },
    pending,
  );

  route(app, platform, api.listOrgs, ({ actor, query }) => orgs.listOrgs(db, actor, query));
  route(app, platform, api.getOrg, ({ actor, params }) => orgs.getOrg(db, actor, params.id));
  route(app, platform, api.createOrg, ({ actor, body }) => orgs.createOrg(db, actor, body));
  route(app, platform, api.updateOrg, ({ actor, params, body }) => orgs.updateOrg(db, actor, params.id, body));
  route(app, platform, api.deleteOrg, async ({ actor, params }) => {
    await orgs.deleteOrg(db, actor, params.id);
    return { ok: true as const };
  });

  route(app, platform, api.listRoles, () => roles.listRoles(db));
  route(app, platform, api.updateRole, ({ actor, params, body }) => roles.updateRole(db, actor, params.code, body));

  route(app, platform, api.listUsers, ({ actor, query }) => users.listUsers(db, actor, query));
  route(app, platform, api.getUser, ({ actor, params }) => users.getUser(db, actor, params.id));
  route(app, platform, api.createUser, ({ actor, body }) => users.createUser(db, actor, policy, body));
  route(app, platform, api.updateUser, ({ actor, params, body }) => users.updateUser(db, actor, params.id, body));
  route(app, platform, api.resetUserPassword, async ({ actor, params, body }) => {
    await users.resetPassword(db, actor, policy, params.id, body.password);
    return { ok: true as const };
  });
  route(app, platform, api.userAction, async ({ actor, params, body }) => {
    await users.performUserAction(db, platform.jobs, actor, policy, params.id, params.action, body);
    return users.getUser(db, actor, params.id);
  });

  route(app, platform, api.listTokens, ({ actor, query }) => tokens.listTokens(db, actor, query));
  route(app, platform, api.createToken, ({ actor, body }) => tokens.createToken(db, actor, body));
  route(app, platform, api.revokeToken, async ({ actor, params }) => {
    await tokens.revokeToken(db, actor, params.id);
    return { ok: true as const };
  });
}
