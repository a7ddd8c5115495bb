; Persona Desktop installer: English texts (LangStrings used by persona.nsi).
; Keep the same names, in the same order, in SimpChinese.nsh.

LangString WelcomeText ${LANG_ENGLISH} "This will install ${APP_NAME} ${VERSION} for you only: no administrator rights are needed.$\r$\n$\r$\nYour vaults are not kept in the program folder but in your own data folder ($LOCALAPPDATA\PersonaDesktop), so installing a newer version over this one keeps them.$\r$\n$\r$\nClick Next to continue."
LangString FinishRun ${LANG_ENGLISH} "Start ${APP_NAME}"

LangString SecApp ${LANG_ENGLISH} "${APP_NAME}"
LangString SecAppDesc ${LANG_ENGLISH} "The app and the persona command-line tool."
LangString SecStartMenu ${LANG_ENGLISH} "Start menu shortcut"
LangString SecStartMenuDesc ${LANG_ENGLISH} "Add ${APP_NAME} to your Start menu."
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktopDesc ${LANG_ENGLISH} "Add a ${APP_NAME} shortcut to your desktop."
LangString SecAssoc ${LANG_ENGLISH} "Open .pvbackup files"
LangString SecAssocDesc ${LANG_ENGLISH} "Double-clicking a vault backup file (.pvbackup) opens it with ${APP_NAME}. For your account only."
LangString AssocDescription ${LANG_ENGLISH} "Persona Desktop vault backup"

LangString DirNotEmpty ${LANG_ENGLISH} "This folder is not empty and holds no earlier ${APP_NAME} install:$\r$\n$INSTDIR$\r$\n$\r$\nChoose an empty folder, or the folder of an earlier ${APP_NAME} install."
LangString DirIsDataFolder ${LANG_ENGLISH} "This folder is where ${APP_NAME} keeps your vaults and settings:$\r$\n$INSTDIR$\r$\n$\r$\nChoose another folder for the program."
LangString AppRunning ${LANG_ENGLISH} "${APP_NAME} is running. Close it (and any persona command), then click Retry."

LangString UnConfirmText ${LANG_ENGLISH} "${APP_NAME} will be removed from the folder below. Your vaults, backups and settings are kept: they are not in this folder, and the uninstaller never deletes them."
LangString UnFinishText ${LANG_ENGLISH} "${APP_NAME} has been removed.$\r$\n$\r$\nYour vaults are still in $LOCALAPPDATA\PersonaDesktop and your settings in $APPDATA\PersonaDesktop. To remove them too, delete those folders yourself (after a backup if in doubt)."
LangString UnNotOurs ${LANG_ENGLISH} "No ${APP_NAME} install found in $INSTDIR: its files are left as they are."
LangString UnKept ${LANG_ENGLISH} "Kept (vault or backup):"
LangString UnDataKept ${LANG_ENGLISH} "Vaults and settings kept in $LOCALAPPDATA\PersonaDesktop and $APPDATA\PersonaDesktop."
