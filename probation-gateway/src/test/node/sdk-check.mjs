// Drives the official OpenAI Node SDK through the Probation gateway.
//
// Env:
//   OPENAI_BASE_URL  gateway base URL, e.g. http://127.0.0.1:1234/v1 (required)
//   OPENAI_API_KEY   any string (required by the SDK; defaults to "test-key")
//   ERROR_MODEL      optional: a model the fake upstream answers with HTTP 500
//
// Prints exactly one line of JSON to stdout:
//   {"plain": {...}, "stream": {...}, "error": {...} | null}
// Exits 0 on success; on an unexpected exception prints it to stderr and exits 1.
import OpenAI from 'openai';

const EXCHANGE_HEADER = 'x-probation-exchange';
const TAG_HEADERS = { 'X-Probation-Tag': 'node-sdk' };

function makeClient() {
  const baseURL = process.env.OPENAI_BASE_URL;
  if (!baseURL) {
    throw new Error('OPENAI_BASE_URL is not set');
  }
  return new OpenAI({
    baseURL,
    apiKey: process.env.OPENAI_API_KEY || 'test-key',
    maxRetries: 0,
    timeout: 20_000,
  });
}

async function plainCall(client) {
  const { data: completion, response } = await client.chat.completions
    .create(
      {
        model: 'fake-model',
        messages: [{ role: 'user', content: 'Say hello' }],
      },
      { headers: TAG_HEADERS },
    )
    .withResponse();
  return {
    text: completion.choices?.[0]?.message?.content ?? null,
    exchangeId: response.headers.get(EXCHANGE_HEADER),
    model: completion.model ?? null,
    usage: completion.usage ?? null,
  };
}

async function streamCall(client) {
  const { data: stream, response } = await client.chat.completions
    .create(
      {
        model: 'fake-model',
        messages: [{ role: 'user', content: 'Say hello' }],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: TAG_HEADERS },
    )
    .withResponse();

  let text = '';
  let chunks = 0;
  let finishReason = null;
  let usage = null;
  for await (const chunk of stream) {
    chunks += 1;
    for (const choice of chunk.choices ?? []) {
      if (typeof choice.delta?.content === 'string') {
        text += choice.delta.content;
      }
      if (choice.finish_reason) {
        finishReason = choice.finish_reason;
      }
    }
    // With include_usage the final chunk has "choices": [] and the usage.
    if (chunk.usage) {
      usage = chunk.usage;
    }
  }
  return {
    text,
    chunks,
    finishReason,
    usage,
    exchangeId: response.headers.get(EXCHANGE_HEADER),
  };
}

async function errorCall(client, model) {
  try {
    await client.chat.completions.create(
      {
        model,
        messages: [{ role: 'user', content: 'Say hello' }],
      },
      { headers: TAG_HEADERS, maxRetries: 0 },
    );
  } catch (err) {
    return {
      isApiError: err instanceof OpenAI.APIError,
      status: typeof err?.status === 'number' ? err.status : null,
      message: String(err?.message ?? err),
    };
  }
  throw new Error(`expected model ${JSON.stringify(model)} to fail, but the call succeeded`);
}

async function main() {
  const client = makeClient();
  const plain = await plainCall(client);
  const stream = await streamCall(client);
  const errorModel = process.env.ERROR_MODEL;
  const error = errorModel ? await errorCall(client, errorModel) : null;
  return JSON.stringify({ plain, stream, error }) + '\n';
}

// Exit explicitly (after the output is flushed) so that idle keep-alive
// sockets can never keep the process alive.
main().then(
  (line) => process.stdout.write(line, () => process.exit(0)),
  (err) => process.stderr.write(`sdk-check failed: ${err?.stack ?? err}\n`, () => process.exit(1)),
);
