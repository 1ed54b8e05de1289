export { default as ExpressionEditor } from './ExpressionEditor.vue'
export { default as JsonEditor } from './JsonEditor.vue'
export type { ExpressionCheck } from './expressionServices'
export { checkExpression, attributeIndexFor, forgetAttributeIndexes } from './expressionServices'
