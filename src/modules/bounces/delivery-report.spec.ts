import { NotADeliveryReport, readDeliveryReport, recipientStatuses } from './delivery-report';

function sampleReport(messageId: string, options: { action?: string; status?: string; returned?: 'headers' | 'message' } = {}): string {
  const returnedType = options.returned === 'message' ? 'message/rfc822' : 'text/rfc822-headers';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.mfa.example>',
    'To: secretariat@convene.test',
    'Subject: Undelivered Mail Returned to Sender',
    'Message-ID: <20261202100000.ABC@mx.mfa.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"',
    '',
    '--BOUNDARY',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '',
    '--BOUNDARY',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.mfa.example',
    '',
    'Final-Recipient: rfc822; old.address@mfa.example',
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status ?? '5.1.1'}`,
    'Diagnostic-Code: smtp; 550 5.1.1 <old.address@mfa.example>: Recipient address',
    '    rejected: User unknown in virtual mailbox table',
    '',
    '--BOUNDARY',
    `Content-Type: ${returnedType}`,
    '',
    'From: Convene Secretariat <secretariat@convene.test>',
    'To: old.address@mfa.example',
    `Message-ID: ${messageId}`,
    'Subject: Invitation',
    '',
    ...(options.returned === 'message' ? ['The invitation text.', ''] : []),
    '--BOUNDARY--',
    '',
  ].join('\r\n');
}

describe('readDeliveryReport', () => {
  it('reads the recipient status and the Message-ID of the returned headers', async () => {
    const report = await readDeliveryReport(Buffer.from(sampleReport('<invitation.1234@convene.test>')));
    expect(report).toEqual({
      originalMessageId: '<invitation.1234@convene.test>',
      recipients: [{ action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 <old.address@mfa.example>: Recipient address rejected: User unknown in virtual mailbox table', permanent: true }],
    });
  });

  it('reads a returned full message too, and tells a delay from a failure', async () => {
    const report = await readDeliveryReport(Buffer.from(sampleReport('<reminder-x.y@convene.test>', { action: 'delayed', status: '4.4.7', returned: 'message' })));
    expect(report.originalMessageId).toBe('<reminder-x.y@convene.test>');
    expect(report.recipients[0]).toMatchObject({ action: 'delayed', status: '4.4.7', permanent: false });
  });

  it('refuses what is not a delivery status notification', async () => {
    await expect(readDeliveryReport(Buffer.from('Subject: hello\r\n\r\nnot a report\r\n'))).rejects.toThrow(NotADeliveryReport);
  });

  it('skips the per-message block and blocks without an action', () => {
    expect(recipientStatuses('Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y\nAction: Failed\nStatus: 5.2.2 (mailbox full)\n\nFinal-Recipient: rfc822; z@y\n')).toEqual([
      { action: 'failed', status: '5.2.2', diagnostic: null, permanent: true },
    ]);
  });
});
