// The client interface both the Tauri client and the in-memory fake implement.
import type { AppStatus } from "./bindings/AppStatus";
import type { CreateVaultRequest } from "./bindings/CreateVaultRequest";
import type { CreateVaultResponse } from "./bindings/CreateVaultResponse";
import type { NewUserRequest } from "./bindings/NewUserRequest";
import type { PasswordStrength } from "./bindings/PasswordStrength";
import type { RoleSummary } from "./bindings/RoleSummary";
import type { SecuritySettings } from "./bindings/SecuritySettings";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserSummary } from "./bindings/UserSummary";

export type { AppStatus } from "./bindings/AppStatus";
export type { ApiErrorPayload } from "./bindings/ApiErrorPayload";
export type { CreateVaultRequest } from "./bindings/CreateVaultRequest";
export type { CreateVaultResponse } from "./bindings/CreateVaultResponse";
export type { ErrorCode } from "./bindings/ErrorCode";
export type { ErrorDetails } from "./bindings/ErrorDetails";
export type { NewUserRequest } from "./bindings/NewUserRequest";
export type { PasswordFeedback } from "./bindings/PasswordFeedback";
export type { PasswordStrength } from "./bindings/PasswordStrength";
export type { RoleSummary } from "./bindings/RoleSummary";
export type { SecuritySettings } from "./bindings/SecuritySettings";
export type { SessionInfo } from "./bindings/SessionInfo";
export type { UiPermissions } from "./bindings/UiPermissions";
export type { UserSummary } from "./bindings/UserSummary";
export type { ValidationReason } from "./bindings/ValidationReason";

/** One method per Tauri command; every method rejects with an ApiError. */
export interface KluisApi {
  appStatus(): Promise<AppStatus>;
  vaultCreate(req: CreateVaultRequest): Promise<CreateVaultResponse>;
  recoveryKeyConfirm(recoveryKey: string): Promise<SessionInfo>;
  signIn(username: string, password: string): Promise<SessionInfo>;
  signOut(): Promise<null>;
  lock(): Promise<null>;
  recover(recoveryKey: string, username: string, newPassword: string): Promise<SessionInfo>;
  changePassword(currentPassword: string, newPassword: string): Promise<SessionInfo>;
  passwordStrength(password: string, context: string[]): Promise<PasswordStrength>;
  sessionTouch(): Promise<null>;
  sessionInfo(): Promise<SessionInfo>;
  usersList(): Promise<UserSummary[]>;
  rolesList(): Promise<RoleSummary[]>;
  userAdd(req: NewUserRequest): Promise<UserSummary>;
  userSetActive(userId: number, active: boolean): Promise<UserSummary>;
  userRemove(userId: number): Promise<null>;
  userResetPassword(userId: number, initialPassword: string): Promise<UserSummary>;
  securitySettingsGet(): Promise<SecuritySettings>;
  securitySettingsSet(settings: SecuritySettings): Promise<SecuritySettings>;
}
