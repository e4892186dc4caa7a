/** Task ID hint of the operations that follow a Create. */
export const CREATE_HINT = 'The task_id returned by Speech to Text > Create';
