import type { TokenRequest, TokenResponse } from '../../../spec/types.ts';
import type { MockContext } from '../../context.ts';
import type { ClientRecord } from '../../store/types.ts';

/** One grant type of the token endpoint: validated form in, token response out (or a thrown OAuth error). */
export type GrantHandler = (
  context: MockContext,
  client: ClientRecord,
  form: TokenRequest,
) => Promise<TokenResponse>;
