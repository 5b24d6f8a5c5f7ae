/** One entry of OpenAI's model list. */
export interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * The models a principal may use, in OpenAI's list format. A `provider/model` id is owned by its
 * provider; an alias (no slash) belongs to the gateway itself.
 *
 * https://platform.openai.com/docs/api-reference/models/list
 */
export function serializeModelList(ids: string[], created: number): { object: 'list'; data: OpenAIModel[] } {
  return {
    object: 'list',
    data: ids.map((id) => {
      const slash = id.indexOf('/');
      return { id, object: 'model', created, owned_by: slash > 0 ? id.slice(0, slash) : 'securellm' };
    }),
  };
}
