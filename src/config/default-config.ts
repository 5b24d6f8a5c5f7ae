/**
 * The built-in configuration used when there is no config file: loopback only, SQLite and audit
 * files under ./data, the two local providers (Ollama and ml-offload-api) on their default ports,
 * and each cloud provider whose API key variable is set in the environment.
 */
export function defaultConfigInput(environment: NodeJS.ProcessEnv): Record<string, unknown> {
  const providers: Record<string, unknown> = {
    ollama: { enabled: true, base_url: 'http://localhost:11434', model: 'llama3.2' },
    local: { enabled: true, base_url: 'http://localhost:9000' },
  };
  const cloud = [
    ['openai', 'OPENAI_API_KEY', 'gpt-4o-mini'],
    ['deepseek', 'DEEPSEEK_API_KEY', 'deepseek-chat'],
    ['anthropic', 'ANTHROPIC_API_KEY', 'claude-sonnet-4-5'],
  ] as const;
  for (const [name, variable, model] of cloud) {
    if (environment[variable]) providers[name] = { enabled: true, api_key: `\${${variable}}`, model };
  }
  return {
    server: { host: '127.0.0.1', port: 8443 },
    storage: { url: 'sqlite:./data/securellm.db' },
    providers,
    security: { audit: { log_path: './data/audit/audit.log' } },
  };
}
