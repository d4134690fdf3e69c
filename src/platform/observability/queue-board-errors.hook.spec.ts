import type { HttpAdapterHost } from '@nestjs/core';
import Fastify from 'fastify';
import { QueueBoardErrorsHook } from './queue-board-errors.hook';

describe("the queue board's errors", () => {
  async function board(status: number, body: unknown) {
    const fastify = Fastify();
    new QueueBoardErrorsHook({ httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost).onModuleInit();
    fastify.put('/admin/queues/api/queues/:queueName/obliterate', (_request, reply) => reply.code(status).send(body));
    fastify.put('/api/elsewhere', (_request, reply) => reply.code(status).send(body));
    await fastify.ready();
    return fastify;
  }

  it("turns the board's 500 for a queue refusing an action into a 409 with BullMQ's sentence", async () => {
    const fastify = await board(500, { error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' }, message: 'Cannot obliterate non-paused queue' });
    const answer = await fastify.inject({ method: 'PUT', url: '/admin/queues/api/queues/mail/obliterate' });
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'The queue cannot do that in its present state: Cannot obliterate non-paused queue.' });
    const elsewhere = await fastify.inject({ method: 'PUT', url: '/api/elsewhere' });
    expect(elsewhere.statusCode).toBe(500);
    await fastify.close();
  });

  it('answers 503 when Redis is out of reach, and leaves other answers alone', async () => {
    const down = await board(500, { error: {}, message: 'connect ECONNREFUSED 127.0.0.1:6379' });
    expect((await down.inject({ method: 'PUT', url: '/admin/queues/api/queues/mail/obliterate' })).statusCode).toBe(503);
    await down.close();
    const refused = await board(400, { error: { key: 'ERRORS.QUEUE_NOT_PAUSED' } });
    const answer = await refused.inject({ method: 'PUT', url: '/admin/queues/api/queues/mail/obliterate' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({ error: { key: 'ERRORS.QUEUE_NOT_PAUSED' } });
    await refused.close();
  });
});
