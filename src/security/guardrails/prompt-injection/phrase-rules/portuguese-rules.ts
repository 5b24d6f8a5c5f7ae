import type { PhraseRuleSource } from '../phrase-rule.js';

/** Portuguese rules (accented and unaccented spellings); weights mirror the English families. */
export const PORTUGUESE_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'pt',
    weight: 0.8,
    patterns: [
      '(?:ignore|ignora|ignorem|esqueça|esqueca|esquece|desconsidere|desconsidera|descarte) (?:todas |todos )?(?:as |os |suas |tuas )?(?:instruções|instrucoes|regras|orientações|orientacoes|diretrizes|ordens|comandos) (?:anteriores|prévias|previas|iniciais|originais|do sistema|acima)',
      '(?:ignore|ignora|esqueça|esqueca|esquece|desconsidere) (?:todas )?(?:as )?suas (?:instruções|instrucoes|regras|diretrizes)',
      '(?:esqueça|esqueca|esquece) tudo (?:o )?que (?:te |lhe )?(?:disseram|foi dito)',
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'pt',
    weight: 0.75,
    patterns: [
      '(?:revele|revela|mostre|mostra|exiba|diga|imprima|repita|escreva|compartilhe) ~ (?:o |os |as )?(?:seu|seus|suas|teu) (?:prompt|mensagem|instruções|instrucoes) (?:do|de) sistema',
      '(?:qual|quais) (?:é|e|são|sao) (?:o |as )?(?:seu|suas) (?:prompt|instruções|instrucoes) (?:do sistema|de sistema|iniciais|originais)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'pt',
    weight: 0.8,
    patterns: [
      '(?:você está|voce esta|você é|voce e|aja|atue|responda)(?: agora)? (?:em|no) modo (?:desenvolvedor|de desenvolvedor|dan|jailbreak|sem restrições|sem restricoes)',
      'modo (?:dan|jailbreak)',
    ],
  },
  {
    family: 'role-override',
    language: 'pt',
    weight: 0.35,
    patterns: [
      'agora(?: em diante)?,? (?:você é|voce e|você será|voce sera|tu és|você vai ser|você atuará)',
      '(?:você|voce) (?:é|e) agora',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'pt',
    weight: 0.55,
    patterns: ['sem (?:nenhuma |nenhum |qualquer )?(?:restrição|restrições|restricao|restricoes|filtro|filtros|censura|regras éticas)'],
  },
];
