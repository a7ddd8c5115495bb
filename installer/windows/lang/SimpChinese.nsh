; Persona Desktop 安装程序：简体中文文本（persona.nsi 使用的 LangString）。
; 名称与顺序同 English.nsh。本文件为带 BOM 的 UTF-8。

LangString WelcomeText ${LANG_SIMPCHINESE} "将为当前用户安装 ${APP_NAME} ${VERSION}，无需管理员权限。$\r$\n$\r$\n您的保险库不在程序文件夹中，而在您自己的数据文件夹（$LOCALAPPDATA\PersonaDesktop），因此在此版本上安装新版本会保留它们。$\r$\n$\r$\n单击“下一步”继续。"
LangString FinishRun ${LANG_SIMPCHINESE} "启动 ${APP_NAME}"

LangString SecApp ${LANG_SIMPCHINESE} "${APP_NAME}"
LangString SecAppDesc ${LANG_SIMPCHINESE} "应用程序及 persona 命令行工具。"
LangString SecStartMenu ${LANG_SIMPCHINESE} "“开始”菜单快捷方式"
LangString SecStartMenuDesc ${LANG_SIMPCHINESE} "将 ${APP_NAME} 添加到“开始”菜单。"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktopDesc ${LANG_SIMPCHINESE} "在桌面上创建 ${APP_NAME} 快捷方式。"
LangString SecAssoc ${LANG_SIMPCHINESE} "打开 .pvbackup 文件"
LangString SecAssocDesc ${LANG_SIMPCHINESE} "双击保险库备份文件（.pvbackup）时用 ${APP_NAME} 打开。仅对您的账户生效。"
LangString AssocDescription ${LANG_SIMPCHINESE} "Persona Desktop 保险库备份"

LangString DirNotEmpty ${LANG_SIMPCHINESE} "此文件夹不为空，且不是此前安装 ${APP_NAME} 的文件夹：$\r$\n$INSTDIR$\r$\n$\r$\n请选择一个空文件夹，或此前安装 ${APP_NAME} 的文件夹。"
LangString DirIsDataFolder ${LANG_SIMPCHINESE} "${APP_NAME} 在此文件夹中保存您的保险库和设置：$\r$\n$INSTDIR$\r$\n$\r$\n请为程序选择其他文件夹。"
LangString AppRunning ${LANG_SIMPCHINESE} "${APP_NAME} 正在运行。请关闭它（以及正在运行的 persona 命令），然后单击“重试”。"

LangString UnConfirmText ${LANG_SIMPCHINESE} "将从下面的文件夹中删除 ${APP_NAME}。您的保险库、备份和设置会保留：它们不在此文件夹中，卸载程序从不删除它们。"
LangString UnFinishText ${LANG_SIMPCHINESE} "${APP_NAME} 已删除。$\r$\n$\r$\n您的保险库仍在 $LOCALAPPDATA\PersonaDesktop，设置仍在 $APPDATA\PersonaDesktop。如需一并删除，请自行删除这些文件夹（如有疑虑，请先备份）。"
LangString UnNotOurs ${LANG_SIMPCHINESE} "在 $INSTDIR 中未找到 ${APP_NAME} 的安装：其中的文件保持不变。"
LangString UnKept ${LANG_SIMPCHINESE} "已保留（保险库或备份）："
LangString UnDataKept ${LANG_SIMPCHINESE} "保险库和设置保留在 $LOCALAPPDATA\PersonaDesktop 和 $APPDATA\PersonaDesktop。"
