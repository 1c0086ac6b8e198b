import { describe, expect, it } from 'vitest';
import { firstDynsecFailure, parseDynsecResponses, provisionCommands, revokeCommands } from './dynsec.util.js';

describe('dynsec commands', () => {
  it('provision a role and a client bound to the device client id', () => {
    const cmds = provisionCommands('cam-01', 'pw');
    expect(cmds.map((c) => c.command)).toEqual(['deleteClient', 'deleteRole', 'createRole', 'createClient']);
    expect(cmds[3]).toMatchObject({
      username: 'cam-01',
      password: 'pw',
      clientid: 'jetfleet-dev-cam-01',
      roles: [{ rolename: 'jetfleet-device-cam-01' }],
    });
  });

  it('revoke by disabling (which kicks) before deleting', () => {
    expect(revokeCommands('cam-01').map((c) => c.command)).toEqual(['disableClient', 'deleteClient', 'deleteRole']);
  });
});

describe('dynsec responses', () => {
  it('parses the plugin answer and ignores other payloads', () => {
    const ok = Buffer.from(JSON.stringify({ responses: [{ command: 'createClient', correlationData: 'a:3' }, 7] }));
    expect(parseDynsecResponses(ok)).toEqual([{ command: 'createClient', correlationData: 'a:3' }]);
    expect(parseDynsecResponses(Buffer.from('nope'))).toBeNull();
    expect(parseDynsecResponses(Buffer.from('{"x":1}'))).toBeNull();
  });

  it('treats "not found" on delete as done and anything else as a failure', () => {
    expect(
      firstDynsecFailure([
        { command: 'deleteClient', error: 'Client not found' },
        { command: 'deleteRole', error: 'Role not found' },
        { command: 'createRole' },
      ]),
    ).toBeNull();
    expect(firstDynsecFailure([{ command: 'createClient', error: 'Client already exists' }])).toEqual({
      command: 'createClient',
      error: 'Client already exists',
    });
  });
});
