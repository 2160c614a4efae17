import { ApolloServer } from '@apollo/server';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { armorProtection } from '../limits/armor';
import { formatError } from '../server';
import { jitExecutor } from './jit-executor';

describe('jitExecutor', () => {
  it('hands errors to Apollo as graphql-js errors, so that they are masked and logged like the rest', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          fails: {
            type: GraphQLString,
            resolve: () => {
              throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
            },
          },
        },
      }),
    });
    const logged: { err?: { message?: string }; msg?: string }[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const armor = armorProtection();
    // graphql-armor's field-suggestion plugin rewrites every error's message: graphql-jit's own
    // errors, whose message cannot be written, made it throw before formatError ran.
    const apollo = new ApolloServer({ gateway: jitExecutor(schema), formatError: formatError(logger), plugins: armor.plugins });
    await apollo.start();
    try {
      const res = await apollo.executeOperation({ query: '{ fails }' });
      const body = res.body.kind === 'single' ? res.body.singleResult : null;
      expect(body?.errors).toEqual([
        { message: 'Internal server error', path: ['fails'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(logged.map((l) => [l.msg, l.err?.message])).toEqual([['unexpected error', 'invalid byte sequence for encoding "UTF8": 0x00']]);
    } finally {
      await apollo.stop();
    }
  });
});
