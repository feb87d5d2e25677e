import { OutboundHttp } from '@app/outbound';
import { type RenaperOperation, RenaperPermanentError } from '../http/renaper-errors';
import { RegistryHttp, type RegistryReply } from '../http/registry-http';
import { asNumber, asObject, asText, type RegistryObject } from '../http/registry-json';
import { parseDni } from '../identity/dni';
import { type RegistrySexo, registrySexo } from '../identity/sexo';
import { parseTramite } from '../identity/tramite';
import { readFaceResult, readSubmittedFace, TOKEN_EXPIRED } from './face-answers';
import { combinePersonCheck, readPersonRecord, readPersonValidity } from './person-answers';
import type {
  FacePoll,
  FaceSubmission,
  PersonCheck,
  PersonQuery,
  RenaperClientOptions,
  RenaperCredentials,
  SubmittedFace,
} from './renaper.types';
import { TokenCache } from './token-cache';

const PATHS = {
  token: '/CHUTROFINAL/API_ABIS/Autorizacion/token.php',
  personData: '/apidatos/porDniSexoTramite.php',
  personValidity: '/apidatos/verificaVigencia.php',
  faceSubmit: '/CHUTROFINAL/API_ABIS/apiInline_v3.php',
  faceResult: '/CHUTROFINAL/API_ABIS/resultadoTCN.php',
} as const;

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** A call made with a bearer token; `token_rejected` asks for a new token and one more try. */
type AuthorisedCall<T> = (token: string) => Promise<T | 'token_rejected'>;

/**
 * The RENAPER (SID) client: the data check (person by DNI + sexo + trámite, card validity) and the
 * asynchronous facial validation (submit, then poll). Credentials come with every call because
 * they belong to each organization. Outcomes are returned; failures are thrown as
 * RenaperTransientError (retry with backoff) or RenaperPermanentError (stop).
 */
export class RenaperClient {
  private readonly http: RegistryHttp;
  private readonly tokens: TokenCache;
  private readonly now: () => Date;

  constructor(options: RenaperClientOptions = {}) {
    this.now = options.now ?? (() => new Date());
    // Without an explicit guard, the strict one: public addresses only.
    const outbound = options.outbound ?? new OutboundHttp({ allowPrivateNetworks: false, allowHosts: [] });
    this.http = new RegistryHttp(outbound, options.timeoutMs ?? 15_000, options.maxResponseBytes ?? 1024 * 1024);
    this.tokens = new TokenCache((credentials) => this.requestToken(credentials), this.now, options.tokenRenewalMarginMs ?? 60_000);
  }

  /** Person by DNI + sexo + trámite, then (when found) whether the card is current. */
  async checkPerson(credentials: RenaperCredentials, query: PersonQuery): Promise<PersonCheck> {
    const dni = requireDni(query.dni, 'person_data');
    const sexo = requireSexo(query.sexo, 'person_data');
    const tramite = parseTramite(query.tramite);
    if (tramite === null) throw new RenaperPermanentError('person_data', 'invalid trámite (digits expected)');

    const personUrl = endpoint(credentials, 'person_data', PATHS.personData, { dni, sexo, idtramite: String(tramite) });
    const personBody = await this.authorised(credentials, 'person_data', (token) => this.get('person_data', personUrl, token));
    const record = readPersonRecord(personBody, tramite, this.now());
    if (!record.found) return combinePersonCheck(record, null);

    const validityUrl = endpoint(credentials, 'person_validity', PATHS.personValidity, { dni, sexo, id_tramite: String(tramite) });
    const validityBody = await this.authorised(credentials, 'person_validity', (token) => this.get('person_validity', validityUrl, token));
    return combinePersonCheck(record, readPersonValidity(validityBody));
  }

  /** Sends the selfie to the asynchronous facial validation; poll the returned number with pollFace. */
  async submitFace(credentials: RenaperCredentials, submission: FaceSubmission): Promise<SubmittedFace> {
    const dni = requireDni(submission.dni, 'face_submit');
    const sexo = requireSexo(submission.sexo, 'face_submit');
    if (!JPEG_MAGIC.every((byte, i) => submission.jpeg[i] === byte)) {
      throw new RenaperPermanentError('face_submit', 'the image is not a JPEG');
    }
    const url = endpoint(credentials, 'face_submit', PATHS.faceSubmit, {});
    const json = { imagen: submission.jpeg.toString('base64'), dni, sexo };
    const body = await this.authorised(credentials, 'face_submit', async (token) => {
      const reply = await this.http.send({ operation: 'face_submit', method: 'POST', url, bearer: token, json });
      return reply.kind === 'answer' ? reply.body : 'token_rejected';
    });
    return { transactionControlNumber: readSubmittedFace(body) };
  }

  /** Asks once whether the registry has compared the face; `pending` until it has. */
  async pollFace(credentials: RenaperCredentials, transactionControlNumber: string): Promise<FacePoll> {
    if (!/^[\w.-]{1,128}$/.test(transactionControlNumber)) {
      throw new RenaperPermanentError('face_result', 'invalid transaction control number');
    }
    const url = endpoint(credentials, 'face_result', PATHS.faceResult, { id: transactionControlNumber });
    return this.authorised(credentials, 'face_result', async (token) => {
      const reply = await this.http.send({ operation: 'face_result', method: 'GET', url, bearer: token });
      if (reply.kind === 'token_rejected') return 'token_rejected';
      const result = readFaceResult(reply.body);
      return result === TOKEN_EXPIRED ? 'token_rejected' : result;
    });
  }

  /**
   * Runs `call` with the cached token; when the registry rejects it (expired at midnight, or the
   * registry forgot it), drops it, gets a new one and tries exactly once more.
   */
  private async authorised<T>(credentials: RenaperCredentials, operation: RenaperOperation, call: AuthorisedCall<T>): Promise<T> {
    const first = await this.tokens.token(credentials);
    const firstTry = await call(first);
    if (firstTry !== 'token_rejected') return firstTry;

    this.tokens.forget(credentials, first);
    const renewed = await this.tokens.token(credentials);
    const secondTry = await call(renewed);
    if (secondTry !== 'token_rejected') return secondTry;
    this.tokens.forget(credentials, renewed);
    throw new RenaperPermanentError(operation, 'the registry rejected a newly issued token');
  }

  private async get(operation: RenaperOperation, url: URL, token: string): Promise<RegistryObject | 'token_rejected'> {
    const reply: RegistryReply = await this.http.send({ operation, method: 'GET', url, bearer: token });
    return reply.kind === 'answer' ? reply.body : 'token_rejected';
  }

  private async requestToken(credentials: RenaperCredentials): Promise<string> {
    const url = endpoint(credentials, 'token', PATHS.token, {});
    const reply = await this.http.send({
      operation: 'token',
      method: 'POST',
      url,
      form: { username: credentials.username, password: credentials.password },
    });
    if (reply.kind === 'token_rejected') throw new RenaperPermanentError('token', 'the registry refused the credentials', 401);
    const data = asObject(reply.body.data);
    const token = asText(data?.token);
    const codigo = asNumber(data?.codigo);
    if (token === null || (codigo !== null && codigo !== 0)) {
      throw new RenaperPermanentError('token', `the registry refused the credentials (codigo ${codigo ?? '?'})`);
    }
    return token;
  }
}

/** `{base}{path}?query`, keeping any path prefix of the base URL. */
function endpoint(credentials: RenaperCredentials, operation: RenaperOperation, path: string, query: Record<string, string>): URL {
  let base: URL;
  try {
    base = new URL(credentials.baseUrl);
  } catch {
    throw new RenaperPermanentError(operation, 'invalid base URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new RenaperPermanentError(operation, 'invalid base URL (http or https expected)');
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

function requireDni(value: string, operation: RenaperOperation): string {
  const dni = parseDni(value);
  if (dni === null) throw new RenaperPermanentError(operation, 'invalid DNI (7 or 8 digits expected)');
  return dni;
}

function requireSexo(value: string, operation: RenaperOperation): RegistrySexo {
  const sexo = registrySexo(value);
  if (sexo === null) throw new RenaperPermanentError(operation, 'invalid sexo (M, F, X, male or female expected)');
  return sexo;
}
