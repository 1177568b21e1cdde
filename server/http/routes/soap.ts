// SOAP `login` / `logout` at /services/Soap/u/{v} (partner) and /services/Soap/c/{v} (enterprise).
// Parsed without an XML library: clients send tiny fixed envelopes, and we only need the operation
// element (any prefix) and a few leaf values. Responses copy Salesforce's, element order included.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login_loginresult.htm
import express, { type Request, type Response, type Router } from 'express';
import type { AuthService } from '../../org/index.js';
import type { OrgDeps } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import { orgInfo } from '../../org/index.js';
import type { EpisodeManager } from '../../sessions/index.js';
import { loginSession, revokeToken } from '../login.js';
import { baseUrl, XML_TYPE } from '../wire.js';
import { parseVersion } from '../versions.js';

// ---------------------------------------------------------------------------------------------
// Minimal XML reading

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, c: string) => c.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e]!;
    });
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The local name of the first element inside `<…:Body>`. */
export function soapOperation(xml: string): string | undefined {
  const m = /<(?:[\w.-]+:)?Body\b[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?([\w.-]+)/.exec(xml);
  return m?.[1];
}

/** Text of the first element with this local name (any prefix), entities decoded; undefined if absent. */
export function soapValue(xml: string, localName: string): string | undefined {
  const re = new RegExp(`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${localName}\\s*>)`);
  const m = re.exec(xml);
  if (!m) return undefined;
  return decodeXml(m[1] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Responses

type Flavour = 'u' | 'c';
const NS: Record<Flavour, { api: string; fault: string }> = {
  u: { api: 'urn:partner.soap.sforce.com', fault: 'urn:fault.partner.soap.sforce.com' },
  c: { api: 'urn:enterprise.soap.sforce.com', fault: 'urn:fault.enterprise.soap.sforce.com' },
};

const ENVELOPE_OPEN = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"';

function envelope(flavour: Flavour, body: string): string {
  return `${ENVELOPE_OPEN} xmlns="${NS[flavour].api}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

function el(name: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return `<${name} xsi:nil="true"/>`;
  return `<${name}>${encodeXml(String(value))}</${name}>`;
}

const LOGIN_FAULT_TEXT = 'Invalid username, password, security token; or user locked out.';

/** The INVALID_LOGIN fault exactly as Salesforce sends it (HTTP 500). */
export function loginFault(flavour: Flavour): string {
  return (
    `${ENVELOPE_OPEN} xmlns:sf="${NS[flavour].fault}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: ${LOGIN_FAULT_TEXT}</faultstring>` +
    `<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>` +
    `<sf:exceptionMessage>${LOGIN_FAULT_TEXT}</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

function clientFault(flavour: Flavour, code: string, text: string): string {
  return (
    `${ENVELOPE_OPEN} xmlns:sf="${NS[flavour].fault}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>${code}</faultcode><faultstring>${encodeXml(text)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

function sendXml(res: Response, status: number, xml: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', XML_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(xml));
  res.end(xml);
}

// ---------------------------------------------------------------------------------------------
// Router

export function soapRouter(deps: OrgDeps, auth: AuthService, host: EpisodeManager): Router {
  const router = express.Router();
  const text = express.text({ type: () => true, limit: '1mb' });

  const handle = (req: Request, res: Response): void => {
    const flavour: Flavour = String(req.params.kind).toLowerCase() === 'c' ? 'c' : 'u';
    const version = parseVersion(`v${String(req.params.version)}`);
    if (!version) {
      sendXml(res, 500, clientFault(flavour, 'sf:UNSUPPORTED_API_VERSION', `UNSUPPORTED_API_VERSION: Invalid Api version specified on URL`));
      return;
    }
    const xml = typeof req.body === 'string' ? req.body : '';
    const op = soapOperation(xml);
    if (op === 'login') {
      const username = soapValue(xml, 'username') ?? '';
      const password = soapValue(xml, 'password') ?? '';
      let session;
      try {
        session = loginSession(host, auth, username, password, baseUrl(req));
      } catch (e) {
        if (!(e instanceof SalesforceError)) throw e;
        sendXml(res, 500, clientFault(flavour, `sf:${e.errorCode}`, `${e.errorCode}: ${e.message}`));
        return;
      }
      if (!session) {
        sendXml(res, 500, loginFault(flavour));
        return;
      }
      sendXml(res, 200, loginResponse(deps, auth, flavour, version, baseUrl(req), session.token, session.userId));
      return;
    }
    if (op === 'logout') {
      const sid = soapValue(xml, 'sessionId');
      if (sid !== undefined) revokeToken(host, auth, sid);
      sendXml(res, 200, envelope(flavour, '<logoutResponse/>'));
      return;
    }
    sendXml(res, 500, clientFault(flavour, 'soapenv:Client', `No operation available for request {${NS[flavour].api}}${op ?? ''}`));
  };

  router.post('/services/Soap/:kind/:version{/:org}', text, handle);
  return router;
}

function loginResponse(deps: OrgDeps, auth: AuthService, flavour: Flavour, version: string, base: string, token: string, userId: string): string {
  const user = auth.userById(userId);
  const org = orgInfo(deps);
  const org15 = deps.orgId.slice(0, 15);
  const userInfo = [
    el('accessibilityMode', false),
    el('chatterExternal', false),
    el('currencySymbol', '$'),
    el('orgAttachmentFileSizeLimit', 5242880),
    el('orgDefaultCurrencyIsoCode', 'USD'),
    el('orgDefaultCurrencyLocale', 'en_US'),
    el('orgDisallowHtmlAttachments', false),
    el('orgHasPersonAccounts', true),
    el('organizationId', deps.orgId),
    el('organizationMultiCurrency', false),
    el('organizationName', org.name),
    el('profileId', user?.ProfileId),
    el('roleId', user?.UserRoleId),
    el('sessionSecondsValid', 7200),
    el('userDefaultCurrencyIsoCode', null),
    el('userEmail', user?.Email),
    el('userFullName', user?.Name ?? [user?.FirstName, user?.LastName].filter(Boolean).join(' ')),
    el('userId', userId),
    el('userLanguage', user?.LanguageLocaleKey ?? 'en_US'),
    el('userLocale', user?.LocaleSidKey ?? 'en_US'),
    el('userName', user?.Username),
    el('userTimeZone', user?.TimeZoneSidKey ?? 'GMT'),
    el('userType', 'Standard'),
    el('userUiSkin', 'Theme3'),
  ].join('');
  const result = [
    el('metadataServerUrl', `${base}/services/Soap/m/${version}/${org15}`),
    el('passwordExpired', false),
    el('sandbox', org.isSandbox),
    el('serverUrl', `${base}/services/Soap/${flavour}/${version}/${org15}`),
    el('sessionId', token),
    el('userId', userId),
    `<userInfo>${userInfo}</userInfo>`,
  ].join('');
  return envelope(flavour, `<loginResponse><result>${result}</result></loginResponse>`);
}
