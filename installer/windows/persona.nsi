; Persona Desktop - Windows installer (NSIS 3, Modern UI 2).
;
; Per-user install: no administrator rights, everything under the user's own profile.
;   program:      $LOCALAPPDATA\Programs\Persona Desktop   (this installer's files only)
;   vaults:       $LOCALAPPDATA\PersonaDesktop   (data_root in persona_desktop/core/paths.py)
;   settings:     $APPDATA\PersonaDesktop        (config_root in persona_desktop/core/paths.py)
; The uninstaller removes the program folder, its shortcuts and its registry keys; it never deletes
; a vault or a backup (see un.RemovePayload), so installing a newer version over an older one, or
; uninstalling and installing again, keeps the user's data.
;
; Defines (all optional; makensis -DNAME=value, or /DNAME=value on Windows):
;   VERSION      package version; default: __version__ read from persona_desktop/__init__.py
;   PAYLOAD_DIR  the PyInstaller one-folder build (dist\persona-desktop, holding
;                persona-desktop.exe and persona.exe); default: placeholder\ beside this script,
;                so the script compiles without a build (that installer is for checks only)
;   ICON         .ico for the installer and uninstaller; default: build\icons\persona.ico at the
;                repository root when it exists, else NSIS's own icon
;   OUTDIR       folder for the setup .exe; default: dist\ at the repository root
; Relative paths in defines are taken from this script's folder (makensis changes into it), so
; pass absolute paths. From the repository root:
;   makensis -V2 installer/windows/persona.nsi      ->  dist/persona-desktop-<version>-setup.exe

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

; ---------------------------------------------------------------------------------------------
; Paths and defines

!ifdef NSIS_WIN32_MAKENSIS
  !define PS "\"
!else
  !define PS "/"
!endif
; makensis works in this script's folder (unless given /NOCD): paths below are relative to it.
!define REPO_ROOT "..${PS}.."

!ifndef VERSION
  !searchparse /file "${REPO_ROOT}${PS}persona_desktop${PS}__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef VERSION
  !error "VERSION is not defined and could not be read from persona_desktop/__init__.py"
!endif

!ifndef PAYLOAD_DIR
  !define PAYLOAD_DIR "placeholder"
  !echo "PAYLOAD_DIR not given: using the placeholder payload (this installer is for checks only)"
!endif

!ifndef ICON
  !if /FileExists "${REPO_ROOT}${PS}build${PS}icons${PS}persona.ico"
    !define ICON "${REPO_ROOT}${PS}build${PS}icons${PS}persona.ico"
  !endif
!endif

!ifndef OUTDIR
  !define OUTDIR "${REPO_ROOT}${PS}dist"
!endif
!ifdef NSIS_WIN32_MAKENSIS
  !system 'if not exist "${OUTDIR}" mkdir "${OUTDIR}"'
!else
  !system 'mkdir -p "${OUTDIR}"'
!endif

; Four numbers for the .exe's version resource: 0.1.0 -> 0.1.0.0 (a suffix such as rc1 is dropped).
!ifndef VI_VERSION
  !searchparse /noerrors "${VERSION}." "" VI_MAJOR "." VI_MINOR "." VI_PATCH "."
  !ifndef VI_MAJOR
    !define VI_MAJOR 0
  !endif
  !ifndef VI_MINOR
    !define VI_MINOR 0
  !endif
  !ifndef VI_PATCH
    !define VI_PATCH 0
  !endif
  !define /math VI_PATCH_NUM ${VI_PATCH} + 0
  !define VI_VERSION "${VI_MAJOR}.${VI_MINOR}.${VI_PATCH_NUM}.0"
!endif

!define APP_NAME "Persona Desktop"
!define APP_EXE "persona-desktop.exe"
!define CLI_EXE "persona.exe"
!define PUBLISHER "Persona Desktop"
!define UNINSTALLER "uninstall.exe"
; Written by this installer only: marks a folder as a Persona Desktop install (see CheckInstDir).
!define MARKER "persona-install.ini"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PersonaDesktop"
!define DATA_DIR "$LOCALAPPDATA\PersonaDesktop"
!define CONFIG_DIR "$APPDATA\PersonaDesktop"
!define BACKUP_EXT ".pvbackup"
!define BACKUP_PROGID "PersonaDesktop.Backup"

Name "${APP_NAME}"
OutFile "${OUTDIR}${PS}persona-desktop-${VERSION}-setup.exe"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} ${VERSION} Setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Integration.nsh"

; ---------------------------------------------------------------------------------------------
; Modern UI

!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif

; Language dialog: preselects the system's language; the choice is remembered for the uninstaller
; (the value lives in the uninstall key, which the uninstaller removes).
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINST_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_WINDOWTITLE "${APP_NAME}"

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(FinishRun)"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UnConfirmText)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(UnFinishText)"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_RESERVEFILE_LANGDLL

; Our own texts, one file per language (the Chinese one is UTF-8 with a byte-order mark).
!include "lang${PS}English.nsh"
!include "lang${PS}SimpChinese.nsh"

; ---------------------------------------------------------------------------------------------
; Helpers

; $R0 = "" when $INSTDIR may hold the program, else the reason it may not. A folder may hold it
; when it is empty, missing, or an earlier Persona Desktop install (it has our marker); never the
; app's data or settings folder, nor a folder inside them.
Function CheckInstDir
  StrCpy $R0 ""
  Push $0
  Push $1
  Push $2
  ; The data and settings folders (where vaults live), and anything inside them.
  ${ForEach} $2 0 1 + 1
    ${If} $2 == 0
      StrCpy $0 "${DATA_DIR}"
    ${Else}
      StrCpy $0 "${CONFIG_DIR}"
    ${EndIf}
    StrLen $1 "$0\"
    StrCpy $1 "$INSTDIR\" $1
    ${If} $1 == "$0\"
      StrCpy $R0 "$(DirIsDataFolder)"
    ${EndIf}
  ${Next}
  ${If} $R0 == ""
  ${AndIf} ${FileExists} "$INSTDIR\*.*"
  ${AndIfNot} ${FileExists} "$INSTDIR\${MARKER}"
    ; A folder that is there already must be empty.
    FindFirst $0 $1 "$INSTDIR\*.*"
    ${DoWhile} $1 != ""
      ${If} $1 != "."
      ${AndIf} $1 != ".."
        StrCpy $R0 "$(DirNotEmpty)"
        ${Break}
      ${EndIf}
      FindNext $0 $1
    ${Loop}
    FindClose $0
  ${EndIf}
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

Function DirectoryLeave
  Call CheckInstDir
  ${If} $R0 != ""
    MessageBox MB_OK|MB_ICONEXCLAMATION "$R0"
    Abort
  ${EndIf}
FunctionEnd

; Windows keeps a running .exe open without write sharing: if it cannot be opened for writing,
; the app (or the CLI) is running and its files cannot be replaced or removed.
!macro DEFINE_CHECK_NOT_RUNNING UN
Function ${UN}CheckNotRunning
  Push $0
  Push $1
  Push $2
  ${ForEach} $1 0 1 + 1
    ${If} $1 == 0
      StrCpy $0 "$INSTDIR\${APP_EXE}"
    ${Else}
      StrCpy $0 "$INSTDIR\${CLI_EXE}"
    ${EndIf}
    ${DoWhile} ${FileExists} $0
      ClearErrors
      FileOpen $2 $0 a
      ${IfNot} ${Errors}
        FileClose $2
        ${Break}
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY +3
      SetErrorLevel 3
      Abort
    ${Loop}
  ${Next}
  Pop $2
  Pop $1
  Pop $0
FunctionEnd
!macroend
!insertmacro DEFINE_CHECK_NOT_RUNNING ""
!insertmacro DEFINE_CHECK_NOT_RUNNING "un."

; ---------------------------------------------------------------------------------------------
; Install

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "$(SecApp)" SecApp
  SectionIn RO
  ; A silent install (/S /D=...) skips the directory page: check the folder here too.
  Call CheckInstDir
  ${If} $R0 != ""
    MessageBox MB_OK|MB_ICONSTOP "$R0" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}
  Call CheckNotRunning

  SetOutPath "$INSTDIR"
  ; Upgrade over an earlier install: drop its bundled libraries first, so none of the old version's
  ; files outlive it. Only the program folder is touched; vaults are elsewhere.
  ${If} ${FileExists} "$INSTDIR\${MARKER}"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  File /r "${PAYLOAD_DIR}${PS}*"
  WriteINIStr "$INSTDIR\${MARKER}" "PersonaDesktop" "Version" "${VERSION}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Apps & features (per user).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecStartMenu)" SecStartMenu
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Section /o "$(SecDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

; Per-user association (HKCU\Software\Classes): double-clicking a vault backup opens the app.
Section "$(SecAssoc)" SecAssoc
  WriteRegStr HKCU "Software\Classes\${BACKUP_EXT}" "" "${BACKUP_PROGID}"
  WriteRegStr HKCU "Software\Classes\${BACKUP_EXT}\OpenWithProgids" "${BACKUP_PROGID}" ""
  WriteRegStr HKCU "Software\Classes\${BACKUP_PROGID}" "" "$(AssocDescription)"
  WriteRegStr HKCU "Software\Classes\${BACKUP_PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "Software\Classes\${BACKUP_PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  ${NotifyShell_AssocChanged}
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(SecAppDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecStartMenu} "$(SecStartMenuDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SecDesktopDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} "$(SecAssocDesc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; ---------------------------------------------------------------------------------------------
; Uninstall

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Deletes what is in the program folder, entry by entry, keeping anything that looks like user
; data: a folder holding a vault (vault.key, vault.key.bak or vault.db), a vault's own files, and
; backups (*.pvbackup). The app never writes there, but a user may point --vault or a backup at
; it; a kept entry also keeps the folder. Without our marker the folder is not ours: nothing in it
; is deleted (the shortcuts and registry keys still are).
Function un.RemovePayload
  ${IfNot} ${FileExists} "$INSTDIR\${MARKER}"
    DetailPrint "$(UnNotOurs)"
    Return
  ${EndIf}
  Push $0
  Push $1
  Push $2
  FindFirst $0 $1 "$INSTDIR\*.*"
  ${DoWhile} $1 != ""
    ${If} $1 == "."
    ${OrIf} $1 == ".."
      ; skip
    ${ElseIf} ${FileExists} "$INSTDIR\$1\*.*"
      ${If} ${FileExists} "$INSTDIR\$1\vault.key"
      ${OrIf} ${FileExists} "$INSTDIR\$1\vault.key.bak"
      ${OrIf} ${FileExists} "$INSTDIR\$1\vault.db"
        DetailPrint "$(UnKept) $INSTDIR\$1"
      ${Else}
        RMDir /r "$INSTDIR\$1"
      ${EndIf}
    ${Else}
      StrCpy $2 $1 "" -9
      ${If} $2 == "${BACKUP_EXT}"
        DetailPrint "$(UnKept) $INSTDIR\$1"
      ${Else}
        StrCpy $2 $1 6
        ${If} $2 == "vault."
          DetailPrint "$(UnKept) $INSTDIR\$1"
        ${Else}
          StrCpy $2 $1 11
          ${If} $2 == "identity.db"
            DetailPrint "$(UnKept) $INSTDIR\$1"
          ${Else}
            Delete "$INSTDIR\$1"
          ${EndIf}
        ${EndIf}
      ${EndIf}
    ${EndIf}
    FindNext $0 $1
  ${Loop}
  FindClose $0
  Pop $2
  Pop $1
  Pop $0
  RMDir "$INSTDIR"
FunctionEnd

Section "Uninstall"
  Call un.CheckNotRunning

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; The association: our ProgID, and .pvbackup only while it still points at it.
  DeleteRegKey HKCU "Software\Classes\${BACKUP_PROGID}"
  DeleteRegValue HKCU "Software\Classes\${BACKUP_EXT}\OpenWithProgids" "${BACKUP_PROGID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\${BACKUP_EXT}\OpenWithProgids"
  ReadRegStr $0 HKCU "Software\Classes\${BACKUP_EXT}" ""
  ${If} $0 == "${BACKUP_PROGID}"
    DeleteRegValue HKCU "Software\Classes\${BACKUP_EXT}" ""
  ${EndIf}
  DeleteRegKey /ifempty HKCU "Software\Classes\${BACKUP_EXT}"
  ${NotifyShell_AssocChanged}

  Call un.RemovePayload
  DeleteRegKey HKCU "${UNINST_KEY}"
  ; Never removed: ${DATA_DIR} (vaults, logs) and ${CONFIG_DIR} (settings).
  DetailPrint "$(UnDataKept)"
SectionEnd
