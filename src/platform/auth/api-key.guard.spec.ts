import { allowedRoles } from './api-key.guard';

describe('allowedRoles', () => {
  it('lets readers read and writers write, and a checkin key nothing, by default', () => {
    expect(allowedRoles('GET', undefined, false)).toEqual(['admin', 'coordinator', 'viewer']);
    expect(allowedRoles('POST', undefined, false)).toEqual(['admin', 'coordinator']);
    expect(allowedRoles('DELETE', ['admin'], false)).toEqual(['admin']);
  });

  it('adds the checkin role only where the route allows it', () => {
    expect(allowedRoles('POST', undefined, true)).toEqual(['admin', 'coordinator', 'checkin']);
    expect(allowedRoles('GET', undefined, true)).toEqual(['admin', 'coordinator', 'viewer', 'checkin']);
    expect(allowedRoles('POST', ['admin', 'checkin'], true)).toEqual(['admin', 'checkin']);
  });
});
