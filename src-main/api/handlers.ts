export { createDispatch, toApiError, type ApiDependencies, type Dispatch } from './dispatch'
export { EventBus } from './eventBus'
