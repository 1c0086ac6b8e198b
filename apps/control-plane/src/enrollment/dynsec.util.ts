import { deviceAcls, deviceClientId, deviceRoleName, deviceUsername } from './device-acl.util.js';

export const DYNSEC_TOPIC = '$CONTROL/dynamic-security/v1';
export const DYNSEC_RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;

export interface DynsecCommand {
  command: string;
  [key: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  correlationData?: string;
  data?: unknown;
}

/** Errors that mean "already in the state we want" for the command that reports them. */
const ALREADY_DONE: Record<string, string> = {
  deleteClient: 'Client not found',
  disableClient: 'Client not found',
  deleteRole: 'Role not found',
};

/**
 * Creates the device's role and client. Any leftover of an earlier attempt (a client whose
 * database row was rolled back) is deleted first, so provisioning can always be retried.
 */
export function provisionCommands(deviceId: string, password: string): DynsecCommand[] {
  const username = deviceUsername(deviceId);
  const rolename = deviceRoleName(deviceId);
  return [
    { command: 'deleteClient', username },
    { command: 'deleteRole', rolename },
    { command: 'createRole', rolename, textdescription: `jetfleet device ${deviceId}`, acls: deviceAcls(deviceId) },
    {
      command: 'createClient',
      username,
      password,
      clientid: deviceClientId(deviceId),
      textname: `jetfleet device ${deviceId}`,
      roles: [{ rolename, priority: 0 }],
    },
  ];
}

/** Disabling first kicks a connected device at once; deleting then removes the credentials for good. */
export function revokeCommands(deviceId: string): DynsecCommand[] {
  const username = deviceUsername(deviceId);
  return [
    { command: 'disableClient', username },
    { command: 'deleteClient', username },
    { command: 'deleteRole', rolename: deviceRoleName(deviceId) },
  ];
}

/** `{ responses: [...] }` as the plugin publishes it, or null for anything else. */
export function parseDynsecResponses(payload: Buffer): DynsecResponse[] | null {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { responses?: unknown };
    if (!Array.isArray(body.responses)) return null;
    return body.responses.filter(
      (r): r is DynsecResponse =>
        typeof r === 'object' && r !== null && typeof (r as DynsecResponse).command === 'string',
    );
  } catch {
    return null;
  }
}

/** The first response that is a real failure, or null when every command did what was meant. */
export function firstDynsecFailure(responses: readonly DynsecResponse[]): DynsecResponse | null {
  return responses.find((r) => r.error !== undefined && ALREADY_DONE[r.command] !== r.error) ?? null;
}
