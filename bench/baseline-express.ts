/**
 * The baseline for the backend bench: the seed's Express + @turnkey/sdk-server example server
 * (tkhq/swift-sdk Examples/swift-demo-wallet/example-server), made runnable against the local API
 * and nothing more — no validation, no rate limits, no structured logs. Its shape: /auth/sendOtp →
 * {otpId}; /auth/verifyOtp verifies, finds or creates the sub-organization, logs in → {token}.
 * The only changes: v1 OTP types through @turnkey/http (the example's plain code does not fit the
 * V3/V2 pair sdk-server 8 sends) and the ETH + SOL default wallet our backend creates.
 */
import express from 'express';
import { Turnkey } from '@turnkey/sdk-server';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';

const env = process.env;
const config = { apiBaseUrl: env.TURNKEY_API_URL!, defaultOrganizationId: env.TURNKEY_ORGANIZATION_ID!, apiPublicKey: env.TURNKEY_API_PUBLIC_KEY!, apiPrivateKey: env.TURNKEY_API_PRIVATE_KEY! };
const turnkey = new Turnkey(config).apiClient();
const http = new TurnkeyClient({ baseUrl: config.apiBaseUrl }, new ApiKeyStamper({ apiPublicKey: config.apiPublicKey, apiPrivateKey: config.apiPrivateKey }));
const org = config.defaultOrganizationId;
const ts = () => String(Date.now());

const app = express();
app.use(express.json());

app.post('/auth/sendOtp', async (req, res) => {
  try {
    const { otpType, contact } = req.body;
    const r = await http.initOtp({ type: 'ACTIVITY_TYPE_INIT_OTP_V2' as never, timestampMs: ts(), organizationId: org, parameters: { otpType, contact, appName: 'baseline', otpLength: 6, alphanumeric: false } as never });
    res.json({ otpId: (r.activity.result as any).initOtpResult.otpId });
  } catch (error: any) {
    res.status(500).json({ error: error.message });
  }
});

app.post('/auth/verifyOtp', async (req, res) => {
  try {
    const { otpId, otpCode, otpType, contact, publicKey } = req.body;
    const v = await http.verifyOtp({ type: 'ACTIVITY_TYPE_VERIFY_OTP' as never, timestampMs: ts(), organizationId: org, parameters: { otpId, otpCode, publicKey } as never });
    const verificationToken = (v.activity.result as any).verifyOtpResult.verificationToken;
    const { organizationIds } = await turnkey.getSubOrgIds({ filterType: otpType === 'OTP_TYPE_EMAIL' ? 'EMAIL' : 'PHONE_NUMBER', filterValue: contact });
    let organizationId = organizationIds[0];
    if (!organizationId) {
      const sub = await turnkey.createSubOrganization({
        subOrganizationName: `Sub Org - ${new Date().toISOString()}`,
        rootUsers: [{ userName: 'User', userEmail: otpType === 'OTP_TYPE_EMAIL' ? contact : undefined, userPhoneNumber: otpType === 'OTP_TYPE_SMS' ? contact : undefined, apiKeys: [], authenticators: [], oauthProviders: [] }],
        rootQuorumThreshold: 1,
        wallet: {
          walletName: 'Default Wallet',
          accounts: [
            { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0", addressFormat: 'ADDRESS_FORMAT_ETHEREUM' },
            { curve: 'CURVE_ED25519', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/501'/0'/0'", addressFormat: 'ADDRESS_FORMAT_SOLANA' },
          ],
        },
      });
      organizationId = sub.subOrganizationId;
    }
    const login = await http.otpLogin({ type: 'ACTIVITY_TYPE_OTP_LOGIN' as never, timestampMs: ts(), organizationId, parameters: { verificationToken, publicKey } as never });
    res.json({ token: (login.activity.result as any).otpLoginResult.session });
  } catch (error: any) {
    res.status(500).json({ error: error.message });
  }
});

const server = app.listen(0, '127.0.0.1', () => {
  console.log('BENCH ' + JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
});
