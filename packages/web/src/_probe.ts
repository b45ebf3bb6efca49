import { api, type EndpointInput } from '@citysafe/domain';
type A = EndpointInput<typeof api.getOrg>;
const a: A = { params: { id: 1 } };
const a2: A = {};
type C = EndpointInput<typeof api.me>;
const c: C = { params: { id: 'x' } };
const s = api.createOrg.body.shape;
const s2 = api.me.body;
export { a, a2, c, s, s2 };
