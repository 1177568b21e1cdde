// The self-signed certificate for the HTTPS port (simple_salesforce only builds https:// URLs). It
// is its own CA (basicConstraints CA, keyCertSign) so it can be handed to REQUESTS_CA_BUNDLE /
// NODE_EXTRA_CA_CERTS / `session.verify` as a trust anchor; SAN covers localhost, 127.0.0.1, ::1.

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

export async function generateCertificate(notBefore: Date, days = 3650): Promise<TlsMaterial> {
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  // Loaded on demand: the module costs ~300 ms to import and is only needed on first start.
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Localforce' }], {
    notBeforeDate: new Date(notBefore.getTime() - 86_400_000),
    notAfterDate: notAfter,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
